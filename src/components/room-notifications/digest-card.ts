import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Tally } from './away-watch.ts';
import type { DigestHost, DigestKind } from './digest-view.ts';

type Module = typeof import('./meeting-toasts.ts');

/**
 * The element's one digest card: the catch-up after an absence or the summary after presenting. A second digest while
 * one shows adds to it, so a return is never more than one card. Its view and words load with the chat previews'.
 */
export class DigestCard implements ReactiveController {
  #shown: { kind: DigestKind; tally: Tally; mod: Module } | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly load: () => Promise<Module | null>,
    private readonly actions: Omit<DigestHost, 'close'>,
    /** Says the card's content, once, in the element's live region. */
    private readonly announce: (text: string) => void,
  ) {
    host.addController(this);
  }

  get shown(): boolean {
    return !!this.#shown;
  }

  async show(kind: DigestKind, tally: Tally): Promise<void> {
    const mod = await this.load();
    if (!mod) return;
    const was = this.#shown?.tally;
    if (was)
      tally = {
        messages: was.messages + tally.messages,
        mentions: was.mentions + tally.mentions,
        private: was.private + tally.private,
        notifications: was.notifications + tally.notifications,
        first: { ...tally.first, ...was.first },
      };
    this.#shown = { kind, tally, mod };
    this.host.requestUpdate();
    const { title, links } = mod.digestWords({ ...this.actions, close: this.close }, kind, tally);
    this.announce(`${title}: ${links.map((l) => l.label).join(', ')}`);
  }

  readonly close = (): void => {
    const card = this.host.shadowRoot?.querySelector('.digest');
    const focused = !!card?.contains(this.host.shadowRoot!.activeElement);
    this.#shown = null;
    this.host.requestUpdate();
    if (focused)
      void this.host.updateComplete.then(() => this.host.shadowRoot?.querySelector<HTMLElement>('.stack')?.focus());
  };

  hostDisconnected(): void {
    this.#shown = null;
  }

  render() {
    const s = this.#shown;
    return s ? s.mod.renderDigest({ ...this.actions, close: this.close }, s.kind, s.tally) : null;
  }
}
