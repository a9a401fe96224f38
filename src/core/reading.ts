import type { RoomConnection } from './connection.ts';
import type { HistoryPageRequest } from './protocol.ts';
import type { RoomMessage } from './public-types.ts';
import type { RoomStore } from './store/room-store.ts';

/** What reading needs of a room's client (RoomClient): its store, and its connection's requests. */
interface RoomClient {
  store: RoomStore;
  connection: Pick<RoomConnection, 'request'>;
}

/*
 * Reading a long chat (issue 31), loaded on demand by the headless client's `search` and `exportTranscript`: what this
 * user can see is the store's log, then the server's kept history before it, page by page (`chat_history`).
 */

/** A message that matches a search: `loaded` when the store holds it (a chat can scroll to it), else from the server. */
export interface SearchHit {
  message: RoomMessage;
  loaded: boolean;
}

export type TranscriptFormat = 'text' | 'html' | 'json';

/** The words of a transcript; English unless the chat passes its locale's. */
export interface TranscriptWords {
  title: string;
  deleted: string;
  edited: string;
  private: string;
  system: string;
}

export interface TranscriptOptions {
  /** Times in this locale (BCP 47); default: the browser's. */
  locale?: string;
  words?: Partial<TranscriptWords>;
  /** An admin's transcript of the whole room from the server's history (refused with `not_allowed` otherwise). */
  all?: boolean;
}

const ENGLISH: TranscriptWords = {
  title: 'Chat transcript',
  deleted: 'Message deleted',
  edited: 'edited',
  private: 'private',
  system: 'System',
};

/** Pages of at most this many; a search or transcript reads at most MAX_PAGES of them (the server keeps fewer). */
const PAGE = 100;
const MAX_PAGES = 50;
const CONVERSATION = new Set(['chat', 'emoji', 'file']);

/** Whether a message's author edited it since it was sent (issue 29: `RoomMessage.edited`, folded by the store and history). */
export function edited(m: RoomMessage): boolean {
  return !!m.edited;
}

/** The store's messages of the conversation, oldest first (yours still pending included, gaps left out). */
function stored(client: RoomClient): RoomMessage[] {
  return client.store.snapshot.chat.flatMap((e) =>
    e.kind === 'message' && CONVERSATION.has(e.message.kind) ? [e.message] : [],
  );
}

/** Older history from the server, newest page first, each oldest first; stops when it runs out or fails. */
export async function* olderPages(client: RoomClient, before: number | undefined, all = false) {
  for (let i = 0; i < MAX_PAGES; i++) {
    const request: HistoryPageRequest = { limit: PAGE, ...(before !== undefined && { before }), ...(all && { all }) };
    const ack = (await client.connection.request('chat_history', request)) as unknown as
      { ok: true; messages: RoomMessage[]; more: boolean } | { ok: false; code: string; message: string };
    if (!ack.ok) {
      if (all) throw Object.assign(new Error(ack.message), { code: ack.code });
      return;
    }
    const page = ack.messages.filter((m) => typeof m?.text === 'string' && typeof m.id === 'string');
    if (page.length) yield page;
    const first = page[0]?.seq;
    if (!ack.more || typeof first !== 'number') return;
    before = first;
  }
}

/** The lowest sequence number the store holds (older history is asked for before it). */
function earliest(messages: RoomMessage[]): number | undefined {
  const seqs = messages.flatMap((m) => (typeof m.seq === 'number' ? [m.seq] : []));
  return seqs.length ? Math.min(...seqs) : undefined;
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase();

/** Whether message `m`'s words (or its file's name) hold `query`, ignoring case and accents. */
export function matches(m: RoomMessage, query: string): boolean {
  const q = fold(query.trim());
  return !!q && !m.deleted && fold(`${m.text} ${m.file?.name ?? ''}`).includes(q);
}

/**
 * Messages this user can see that hold `query`, newest first: the store's at once, then older history from the
 * server page by page (each yielded batch is the hits of one more page).
 */
export async function* searchPages(client: RoomClient, query: string): AsyncGenerator<SearchHit[]> {
  const log = stored(client);
  yield log
    .filter((m) => matches(m, query))
    .reverse()
    .map((message) => ({ message, loaded: true }));
  const ids = new Set(log.map((m) => m.id));
  for await (const page of olderPages(client, earliest(log))) {
    yield page
      .filter((m) => !ids.has(m.id) && matches(m, query))
      .reverse()
      .map((message) => ({ message, loaded: false }));
  }
}

export async function search(client: RoomClient, query: string): Promise<SearchHit[]> {
  const hits: SearchHit[] = [];
  for await (const batch of searchPages(client, query)) hits.push(...batch);
  return hits;
}

/** What the transcript lists, oldest first, each once: the server's older history, then the store's log. */
async function visible(client: RoomClient, all: boolean): Promise<RoomMessage[]> {
  const log = all ? [] : stored(client);
  const pages: RoomMessage[][] = [];
  for await (const page of olderPages(client, all ? undefined : earliest(log), all)) pages.unshift(page);
  const seen = new Set<string>();
  return [...pages.flat(), ...log].filter((m) => !seen.has(m.id) && seen.add(m.id));
}

/** One message as a transcript line's parts, in the user's words and locale. */
function line(m: RoomMessage, w: TranscriptWords, time: Intl.DateTimeFormat) {
  const from = m.from?.name ?? w.system;
  const to = m.private ? `${m.to ? ` → ${m.to.name}` : ''} (${w.private})` : '';
  const text = m.deleted ? `[${w.deleted}]` : m.file ? `${m.file.name}` : m.text;
  return { time: time.format(m.ts), who: `${from}${to}`, text, edited: edited(m) && !m.deleted };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The chat as this user can see it — private messages of their own pairs only, deleted ones as tombstones, edited
 * ones marked — as plain text, a standalone HTML page (every text escaped) or JSON; an admin's `all` reads the whole
 * room from the server's history.
 */
export async function exportTranscript(
  client: RoomClient,
  format: TranscriptFormat = 'text',
  options: TranscriptOptions = {},
): Promise<string> {
  const w = { ...ENGLISH, ...options.words };
  const messages = await visible(client, !!options.all);
  const time = new Intl.DateTimeFormat(options.locale, { dateStyle: 'short', timeStyle: 'short' });
  const room = client.store.snapshot.room?.title ?? '';
  if (format === 'json')
    return JSON.stringify(
      {
        room,
        messages: messages.map((m) => ({
          id: m.id,
          ts: m.ts,
          time: line(m, w, time).time,
          kind: m.kind,
          from: m.from,
          ...(m.private && { private: true, to: m.to ?? null }),
          text: m.deleted ? '' : m.text,
          ...(m.deleted && { deleted: true }),
          ...(edited(m) && { edited: true }),
          ...(m.file && { file: { name: m.file.name, size: m.file.size, type: m.file.type } }),
          ...(m.replyTo && { replyTo: m.replyTo.id }),
          ...(m.reactions?.length && { reactions: m.reactions.map((r) => ({ emoji: r.emoji, count: r.count })) }),
        })),
      },
      null,
      2,
    );
  const lines = messages.map((m) => line(m, w, time));
  if (format === 'html') {
    const rows = lines.map(
      (l) =>
        `<p><time>${escape(l.time)}</time> <b>${escape(l.who)}</b>: <span style="white-space:pre-wrap">${escape(l.text)}</span>${l.edited ? ` <i>(${escape(w.edited)})</i>` : ''}</p>`,
    );
    const title = escape(`${w.title}${room ? ` — ${room}` : ''}`);
    return `<!doctype html>\n<html lang="${escape(options.locale ?? 'en')}"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>\n${rows.join('\n')}\n</body></html>\n`;
  }
  return lines.map((l) => `[${l.time}] ${l.who}: ${l.text}${l.edited ? ` (${w.edited})` : ''}`).join('\n') + '\n';
}
