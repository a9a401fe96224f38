/**
 * The classic script defines each element the first time the page holds one: its code is a file of its own beside
 * the script (room-widgets-chat.js, room-widgets-notifications.js), so a page pays only for the elements it shows.
 * Until then the tag is an undefined element: attributes and properties set on it are kept and apply on upgrade,
 * and `customElements.whenDefined(tag)` resolves once it is defined.
 */
import { connect } from '../core/client.ts';
import { earlyKey, keepEarly } from '../core/early-messages.ts';
import { emit } from '../events/events.ts';

type Pending = Element & { token?: string; server?: string };

const files: Record<string, () => Promise<unknown>> = {
  'room-chat': () => import('./chat.ts'),
  'room-notifications': () => import('./notifications.ts'),
};
const tags = Object.keys(files);
/** Each tag's load, under way or done; a failed one is forgotten, so that it is tried again. */
const loads = new Map<string, Promise<unknown>>();
/** Failed loads in a row, by tag. */
const failures: Record<string, number> = {};

function loadTag(tag: string): Promise<unknown> {
  let load = loads.get(tag);
  if (load) return load;
  // The room's connection opens while the file loads, and keeps what arrives for the element, which takes it over
  // once defined: the file costs no time before the first render (joining takes longer than the fetch). One hold
  // per room, however many elements of the tag show it.
  const holds = new Map<string, (defined: boolean) => void>();
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
  load = files[tag]!().then(
    () => (release(true), (failures[tag] = 0)),
    (error: Error) => {
      release(false);
      loads.delete(tag);
      for (const el of document.querySelectorAll(tag))
        emit(el, 'room-error', { code: 'feature_unavailable', message: error.message });
      // Tried again by itself, a few times, further apart each time (and whenever another such element is added).
      const n = (failures[tag] = (failures[tag] ?? 0) + 1);
      if (n <= 5) setTimeout(found, 1000 << n);
      throw error;
    },
  );
  loads.set(tag, load);
  return load;
}

/**
 * Loads and defines the elements named (default: both) now; rejects if a file cannot load. The script does this by
 * itself for tags in the document; call it for elements inside a shadow root of your own, which it cannot see.
 */
export function load(...names: string[]): Promise<unknown> {
  const unknown = names.find((tag) => !tags.includes(tag));
  if (unknown !== undefined) return Promise.reject(new TypeError(`room-widgets has no element <${unknown}>`));
  return Promise.all((names.length ? names : tags).map(loadTag));
}

/** The tags not defined yet (by this script or by anything else on the page). */
const pending = () => tags.filter((tag) => !customElements.get(tag));

function found(): void {
  for (const tag of pending()) if (!loads.has(tag) && document.querySelector(tag)) loadTag(tag).catch(() => {});
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
