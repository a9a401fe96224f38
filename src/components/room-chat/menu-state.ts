import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MenuHost } from './message-menu.ts';

type MenuModule = typeof import('./message-menu.ts');

/** The actions a message's menu offers, as the chat decides them for that message. */
export type MenuActions = Pick<MenuHost, 't' | 'canReply' | 'canDelete' | 'edit' | 'pinned' | 'pin' | 'mute'> & {
  reply(): void;
  react(emoji: string): void;
  delete(): void;
};

/**
 * Which message's action menu is open, with its module (loaded on the first "⋯" press), and where focus goes when it
 * opens and closes. The menu's template is the module's; the chat gives it the actions.
 */
export class MenuState implements ReactiveController {
  /** The message whose menu is open; empty: none. */
  openFor = '';
  module: MenuModule | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly load: () => Promise<MenuModule | null>,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.openFor = '';
  }

  /** Loads the module without opening a menu (issue 29's pinned bar, chat menu and notices use it too). */
  async ensure(): Promise<void> {
    if (this.module) return;
    this.module = await this.load();
    this.host.requestUpdate();
  }

  /** Opens the menu of message `id` (closes it when it is open), focusing its first item. */
  async toggle(id: string): Promise<void> {
    const menu = (this.module ??= await this.load());
    if (!menu) return;
    this.openFor = this.openFor === id ? '' : id;
    this.host.requestUpdate();
    if (!this.openFor) return;
    await this.host.updateComplete;
    menu.focusFirst(this.host.shadowRoot!);
  }

  /** `refocus`: back to the menu's button (Escape, a reaction); the message itself when the button is gone. */
  async close(refocus: boolean): Promise<void> {
    const id = this.openFor;
    this.openFor = '';
    this.host.requestUpdate();
    if (!refocus) return;
    await this.host.updateComplete;
    const article = this.host.shadowRoot!.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(id)}"]`);
    (article?.querySelector<HTMLElement>('.more') ?? article)?.focus();
  }

  /** The open menu; each action closes it first. */
  render(actions: MenuActions) {
    return this.module!.renderMenu({
      ...actions,
      reply: () => {
        this.close(false);
        actions.reply();
      },
      react: (emoji) => {
        this.close(true);
        actions.react(emoji);
      },
      delete: () => {
        this.close(true);
        actions.delete();
      },
      // Issue 29: editing moves focus to the composer; pinning and muting give it back to the menu's button.
      ...(actions.edit && { edit: () => (this.close(false), actions.edit!()) }),
      ...(actions.pin && { pin: () => (this.close(true), actions.pin!()) }),
      ...(actions.mute && { mute: { ...actions.mute, run: () => (this.close(true), actions.mute!.run()) } }),
      close: (refocus) => this.close(refocus),
    });
  }
}
