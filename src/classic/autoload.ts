/**
 * The classic script defines each element the first time the page holds one: its code is a file of its own beside
 * the script (room-widgets-chat.js, room-widgets-notifications.js), so a page pays only for the elements it shows.
 * Until then the tag is an undefined element: attributes and properties set on it are kept and apply on upgrade,
 * and `customElements.whenDefined(tag)` resolves once it is defined.
 */
import { connect } from '../core/client.ts';
import { earlyKey, keepEarly } from '../core/early-messages.ts';
import { onDemand } from '../core/on-demand.ts';
import { emit } from '../events/events.ts';

type Pending = Element & { token?: string; server?: string };

/** Each element's file beside the script. */
const files: Record<string, string> = { 'room-chat': 'chat', 'room-notifications': 'notifications' };
const tags = Object.keys(files);

/**
 * The files for `list`: a page that holds both elements gets them in one file (room-widgets-both.js, with lit and
 * what both stand on: one request, and it compresses better than three). One element alone comes in its own file,
 * after room-widgets-elements.js (lit and what both elements stand on, once per page), which adds to the kit what the
 * element's file takes: both are fetched at once, and run in that order (`ordered`). Either way ahead of socket.io's
 * client (src/core/socket-io.ts), which the connection opened below fetches at the same time: the first render needs
 * the elements, not the socket.
 */
const fetchFiles = (list: string[]): Promise<unknown> =>
  list.length > 1
    ? onDemand('both', false, true)
    : Promise.all([onDemand('elements', true, true), onDemand(files[list[0]!]!, true, true)]);
/** Each tag's load, under way or done; a failed one is forgotten, so that it is tried again. */
const loads = new Map<string, Promise<unknown>>();
/** Failed loads in a row, by tag. */
const failures: Record<string, number> = {};

/** Loads the tags of `list` (none loading yet), together. */
function loadTags(list: string[]): Promise<unknown> {
  // The room's connection opens while the file loads, and keeps what arrives for the element, which takes it over
  // once defined: the file costs no time before the first render (joining takes longer than the fetch). One hold
  // per room and tag, however many elements of the tag show it.
  const holds = new Map<string, (defined: boolean) => void>();
  for (const tag of list)
    for (const el of document.querySelectorAll<Pending>(tag)) {
      const token = el.token ?? el.getAttribute('token');
      const server = el.server ?? el.getAttribute('server');
      const key = token && earlyKey(tag, server, token);
      if (!key || holds.has(key)) continue;
      const client = connect({ server: server ?? undefined, token: token! });
      const keep = keepEarly(key, client);
      holds.set(key, (defined) => (keep(defined), client.close()));
    }
  const release = (defined: boolean) => holds.forEach((letGo) => letGo(defined));
  const load = fetchFiles(list).then(
    () => {
      release(true);
      for (const tag of list) failures[tag] = 0;
    },
    (error: Error) => {
      release(false);
      for (const tag of list) {
        loads.delete(tag);
        for (const el of document.querySelectorAll(tag))
          emit(el, 'room-error', { code: 'feature_unavailable', message: error.message });
        // Tried again by itself, a few times, further apart each time (and whenever another such element is added).
        const n = (failures[tag] = (failures[tag] ?? 0) + 1);
        if (n <= 5) setTimeout(found, 1000 << n);
      }
      throw error;
    },
  );
  for (const tag of list) loads.set(tag, load);
  return load;
}

/**
 * Loads and defines the elements named (default: both) now; rejects if a file cannot load. The script does this by
 * itself for tags in the document; call it for elements inside a shadow root of your own, which it cannot see.
 */
export function load(...names: string[]): Promise<unknown> {
  const unknown = names.find((tag) => !tags.includes(tag));
  if (unknown !== undefined) return Promise.reject(new TypeError(`room-widgets has no element <${unknown}>`));
  const list = names.length ? names : tags;
  const fresh = list.filter((tag) => !loads.has(tag));
  if (fresh.length) loadTags(fresh);
  return Promise.all(list.map((tag) => loads.get(tag)));
}

/** The tags not defined yet (by this script or by anything else on the page). */
const pending = () => tags.filter((tag) => !customElements.get(tag));

let waiting = false;

function found(): void {
  // While the page is still being parsed, the other element may be in its next chunk: the files are chosen once it
  // is in (one file for both, rather than the two-file route taken for a first element alone).
  if (document.readyState === 'loading') {
    if (!waiting) document.addEventListener('DOMContentLoaded', () => ((waiting = false), found()), { once: true });
    waiting = true;
    return;
  }
  const list = pending().filter((tag) => !loads.has(tag) && document.querySelector(tag));
  if (list.length) loadTags(list).catch(() => {});
}

/** Defines the elements already in the document, and each the first time one is added to it. */
export function autoload(): void {
  const watch = new MutationObserver((records) => {
    const selector = pending().join();
    if (!selector) return watch.disconnect();
    const added = (node: Node) => node instanceof Element && (node.matches(selector) || !!node.querySelector(selector));
    if (records.some((r) => [...r.addedNodes].some(added))) found();
  });
  watch.observe(document, { childList: true, subtree: true });
  found();
}
