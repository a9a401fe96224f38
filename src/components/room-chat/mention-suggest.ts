import { html } from 'lit';
import type { ParticipantsPage } from '../../core/public-types.ts';

/**
 * The `@` suggestions of the composer, loaded on demand (the chat reaches it only through `import()`): which
 * participants match what follows the `@`, the listbox, and the keys that move through it. Focus stays in the text
 * area; the active option is its `aria-activedescendant`.
 */
export interface Candidate {
  userId: string;
  name: string;
}

export interface SuggestHost {
  /** Words through the chat's i18n layer. */
  t: (key: string) => string;
  items: Candidate[];
  active: number;
  pick(c: Candidate): void;
}

const SHOWN = 6;

/** Participants whose name (any word of it) or `userId` starts with `query`, case-insensitively. */
export function matching(query: string, people: Candidate[]): Candidate[] {
  const q = query.toLowerCase();
  const starts = (s: string) =>
    s
      .toLowerCase()
      .split(/\s+/)
      .some((w) => w.startsWith(q)) || s.toLowerCase().startsWith(q);
  return people.filter((p) => starts(p.name) || starts(p.userId)).slice(0, SHOWN);
}

/** The first page of the server's participants matching `query` (a room too large to list), as candidates. */
export async function searched(search: (q: string) => Promise<ParticipantsPage>, query: string): Promise<Candidate[]> {
  try {
    return (await search(query)).participants.slice(0, SHOWN);
  } catch {
    return [];
  }
}

export interface PickerHost {
  t: (key: string) => string;
  disabled: boolean;
  /** What the search last found (the composer keeps it; the picker holds no list of the room). */
  found: { list: Candidate[] };
  search: (q: string) => Promise<ParticipantsPage>;
  /** The userId chosen; empty: everyone. */
  pick(userId: string): void;
  update(): void;
}

/**
 * The "To" picker of a room too large to list: a search field whose suggestions come from the server as the user
 * types; a name it found picks that participant, anything else (or nothing) is everyone.
 */
export function renderPicker(host: PickerHost) {
  const onInput = async (e: Event) => {
    const name = (e.target as HTMLInputElement).value;
    host.pick(host.found.list.find((c) => c.name === name)?.userId ?? '');
    if (name.trim()) host.found.list = await searched(host.search, name.trim());
    host.update();
  };
  return html`<label class="to"
      >${host.t('chat.to')}
      <input part="recipient-search" type="search" list="recipients" autocomplete="off" placeholder=${host.t('chat.everyone')} ?disabled=${host.disabled} @input=${onInput} @change=${onInput} /></label
    ><datalist id="recipients">${host.found.list.map((c) => html`<option value=${c.name}></option>`)}</datalist>`;
}

/**
 * What a key does while suggestions show: a new active index, `pick`, `close`, `leave` (the caret moves away from
 * the `@`: close, and let the text area have the key), or null (the text area's own).
 */
export function suggestKey(key: string, active: number, count: number): number | 'pick' | 'close' | 'leave' | null {
  if (key === 'ArrowDown') return (active + 1) % count;
  if (key === 'ArrowUp') return (active - 1 + count) % count;
  if (key === 'Enter' || key === 'Tab') return 'pick';
  if (key === 'Escape') return 'close';
  return /^(ArrowLeft|ArrowRight|Home|End|PageUp|PageDown)$/.test(key) ? 'leave' : null;
}

/** Puts `@name ` in place of the `@query` that starts at `start`, caret after it. */
export function insertMention(input: HTMLTextAreaElement, start: number, name: string): void {
  const inserted = `@${name} `;
  input.value = input.value.slice(0, start) + inserted + input.value.slice(input.selectionStart);
  input.selectionStart = input.selectionEnd = start + inserted.length;
  input.focus();
}

export const optionId = (i: number) => `mention-${i}`;

export function renderSuggestions(host: SuggestHost) {
  return html`<style>
      .mentions {
        position: absolute;
        bottom: 100%;
        inset-inline-start: 0;
        margin: 0;
        padding: 4px 0;
        list-style: none;
        min-width: 12em;
      }
      .mentions li {
        padding: 4px 10px;
        cursor: pointer;
      }
      .mentions [aria-selected='true'] {
        background: var(--_accent);
        color: var(--_accent-fg);
      }
    </style>
    <ul part="mention-suggestions" class="mentions popup" id="mentions" role="listbox" aria-label=${host.t('chat.suggestions')}>
      ${host.items.map(
        (c, i) =>
          // The keyboard stays in the text area, which moves `aria-activedescendant` over these options
          // (the combobox pattern): an option takes clicks only.
          /* eslint-disable lit-a11y/click-events-have-key-events */
          html`<li part="mention-option" id=${optionId(i)} role="option" aria-selected=${i === host.active ? 'true' : 'false'}
            @mousedown=${(e: Event) => e.preventDefault()} @click=${() => host.pick(c)}>${c.name}</li>`,
        /* eslint-enable lit-a11y/click-events-have-key-events */
      )}
    </ul>`;
}
