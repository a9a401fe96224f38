import type { ReactiveController } from 'lit';
import type { Tools, WritingHost, WritingOptions } from './chat-tools.ts';
import { renderText } from './message-view.ts';

/** Characters without which a text holds no formatting: the formatter loads the first time one shows. */
const MAYBE_FORMATTED = /[*_~`>]/;

/**
 * Issue 31 in the chat's own file, kept small: the formatting hook (format.ts loads with the first message that may
 * need it), and the loading of chat-tools.ts as the chat joins its room (after the first render, like the outbox):
 * the search field, "Download chat", the emoji button and who is typing. The emoji picker itself loads when opened.
 */
export class Writing implements ReactiveController {
  #format?: typeof import('./format.ts') | null;
  #loading?: Promise<Tools | null>;
  /** The tools, once loaded. */
  tools?: Tools | null;

  constructor(
    readonly host: WritingHost,
    readonly o: WritingOptions,
  ) {
    host.addController(this);
  }

  /** Joined: the tools load. */
  hostUpdated(): void {
    if (this.o.client()?.store.snapshot.connection === 'connected') void this.load();
  }

  /** Formatted text, or null: the chat renders it plain (formatting off, none in it, or its module still loading). */
  format(text: string): unknown {
    if (this.host.markdown === 'off' || !MAYBE_FORMATTED.test(text)) return null;
    if (this.#format === undefined) {
      this.#format = null;
      void this.o.load(import('./format.ts'), 'formatting').then((m) => {
        this.#format = m;
        if (m) this.adopt(m.styles.styleSheet!);
      });
    }
    return this.#format?.format(text, renderText) ?? null;
  }

  /** Adds a part's styles to the chat's; renders. */
  adopt(sheet: CSSStyleSheet): void {
    const root = this.host.renderRoot as ShadowRoot;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    this.host.requestUpdate();
  }

  /** The tools' module, loaded once. */
  load(): Promise<Tools | null> {
    return (this.#loading ??= this.o
      .load(import('./chat-tools.ts'), 'the chat tools')
      .then((m) => (this.tools = m && new m.Tools(this))));
  }
}
