import { css, html, nothing } from 'lit';
import { enChatReading } from '../../i18n/en-chat-reading.ts';
import { addEnglish } from '../../i18n/registry.ts';
import type { Translate } from './message-menu.ts';

addEnglish(enChatReading);

/*
 * The emoji picker (issue 31), loaded on demand the first time the composer's emoji button or a message's "More
 * reactions" is pressed. Its data (emoji and English keywords, from emojilib) comes from the room server,
 * `GET /emoji.json`, once per page: no third-party CDN, and it works offline. Focus stays in its search field; the
 * arrow keys move through the emoji (the combobox pattern), Enter picks, Escape closes.
 */

/** What the picker is open for: the composer (`{}`), or a reaction to message `react`. */
export interface Picked {
  react?: string;
}

export interface PickerHost {
  t: Translate;
  /** The room server's URL (the data's origin); without one, the page's. */
  server: string | undefined;
  what: Picked;
  /** The chosen emoji, or null (closed). */
  done(emoji: string | null): void;
}

type Entry = [emoji: string, words: string];

/** Emoji per row of the grid: what the up and down arrows skip. */
const COLUMNS = 8;

let data: Promise<Entry[]> | null = null;
let loaded: Entry[] | null = null;
let query = '';
let active = 0;
/** The open picker's host, to re-render it when the data arrives or the query changes. */
let update: (() => void) | null = null;

function load(server: string | undefined): Promise<Entry[]> {
  return (data ??= fetch(new URL('/emoji.json', server ?? location.href))
    .then((r) =>
      r.ok ? (r.json() as Promise<Array<[string, Entry[]]>>) : Promise.reject(new Error(`HTTP ${r.status}`)),
    )
    .then((categories) => (loaded = categories.flatMap(([, list]) => list)))
    .catch((error: unknown) => {
      data = null;
      throw error;
    }));
}

/** Emoji whose keywords (any word) start with each word of the query. */
export function filter(entries: Entry[], q: string): Entry[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return entries;
  return entries.filter(([e, w]) => words.every((q) => e === q || w.split(' ').some((k) => k.startsWith(q))));
}

function onKeydown(host: PickerHost, shown: Entry[], e: KeyboardEvent): void {
  const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS };
  const rtl = getComputedStyle(e.currentTarget as Element).direction === 'rtl';
  if (e.key in step && shown.length) {
    const d = step[e.key]! * (rtl && Math.abs(step[e.key]!) === 1 ? -1 : 1);
    active = Math.min(shown.length - 1, Math.max(0, active + d));
  } else if (e.key === 'Enter' && shown[active]) host.done(shown[active]![0]);
  else if (e.key === 'Escape') host.done(null);
  else return;
  e.preventDefault();
  e.stopPropagation();
  update?.();
  (e.currentTarget as Element).querySelector(`#emoji-${active}`)?.scrollIntoView({ block: 'nearest' });
}

export function renderPicker(host: PickerHost) {
  const { t } = host;
  if (!loaded)
    void load(host.server).then(
      () => update?.(),
      () => host.done(null),
    );
  const shown = loaded ? filter(loaded, query) : [];
  active = Math.min(active, Math.max(0, shown.length - 1));
  return html`<div part="emoji-picker" class="picker popup" role="dialog" aria-label=${t('chat.emoji')} @keydown=${(e: KeyboardEvent) => onKeydown(host, shown, e)}
    @focusout=${(e: FocusEvent) => !(e.currentTarget as Element).contains(e.relatedTarget as Node | null) && host.done(null)}>
    <input type="search" role="combobox" aria-expanded="true" aria-controls="emoji-list" aria-autocomplete="list" aria-label=${t('chat.emojiSearch')} placeholder=${t('chat.emojiSearch')}
      aria-activedescendant=${shown.length ? `emoji-${active}` : nothing} .value=${query} @input=${(e: Event) => ((query = (e.target as HTMLInputElement).value), (active = 0), update?.())} />
    <div class="grid" id="emoji-list" role="listbox" aria-label=${t('chat.emoji')}>
      ${shown.map(
        ([emoji, words], i) =>
          /* eslint-disable lit-a11y/click-events-have-key-events */
          html`<span role="option" id=${`emoji-${i}`} title=${words.split(' ')[0]} aria-label=${`${emoji} ${words.split(' ')[0]}`} aria-selected=${i === active ? 'true' : 'false'}
            @mousedown=${(e: Event) => e.preventDefault()} @click=${() => host.done(emoji)}>${emoji}</span>`,
        /* eslint-enable lit-a11y/click-events-have-key-events */
      )}
    </div>
  </div>`;
}

/** Called by the chat as the picker opens and closes: it re-renders through `requestUpdate`, and starts afresh. */
export function attach(requestUpdate: (() => void) | null): void {
  update = requestUpdate;
  query = '';
  active = 0;
}

export const styles = css`
  .picker {
    position: absolute;
    bottom: 100%;
    inset-inline-end: 0;
    z-index: 3;
    width: min(20.5em, 100%);
    padding: 6px;
  }
  .picker input {
    box-sizing: border-box;
    width: 100%;
    font: inherit;
    margin-bottom: 4px;
  }
  .picker .grid {
    display: grid;
    grid-template-columns: repeat(${COLUMNS}, 1fr);
    max-height: 14em;
    overflow-y: auto;
  }
  .picker [role='option'] {
    font-size: 1.3em;
    text-align: center;
    line-height: 1.6;
    border-radius: 4px;
    cursor: pointer;
  }
  .picker [aria-selected='true'] {
    background: var(--_accent);
    outline: 2px solid var(--_focus);
  }
`;
