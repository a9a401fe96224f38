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
let failures = 0;

function loadTag(tag: string): Promise<unknown> {
  let load = loads.get(tag);
  if (load) return load;
  // The room's connection opens while the file loads, and keeps what arrives for the element, which takes it over
  // once defined: the file costs no time before the first render (joining takes longer than the fetch).
  const holds = [...document.querySelectorAll<Pending>(tag)].flatMap((el) => {
    const token = el.token ?? el.getAttribute('token');
    const server = el.server ?? el.getAttribute('server');
    if (!token) return [];
    const client = connect({ server: server ?? undefined, token });
    const forget = keepEarly(earlyKey(tag, server, token), client);
    return [() => (forget(), client.close())];
  });
  load = files[tag]!().finally(() => holds.forEach((release) => release()));
  load.catch((error: Error) => {
    loads.delete(tag);
    for (const el of document.querySelectorAll(tag)) emit(el, 'room-error', { code: 'feature_unavailable', message: error.message });
    // Tried again by itself, a few times, further apart each time (and whenever another such element is added).
    if (failures < 5) setTimeout(found, 2000 << failures++);
  });
  loads.set(tag, load);
  return load;
}

/**
 * Loads and defines the elements named (default: both) now; rejects if a file cannot load. The script does this by
 * itself for tags in the document; call it for elements inside a shadow root of your own, which it cannot see.
 */
export function load(...names: string[]): Promise<unknown> {
  const unknown = names.find((tag) => !tags.includes(tag));
  if (unknown !== undefined) return Promise.reject(new TypeError(`room-widgets has no element <${String(unknown)}>`));
  return Promise.all((names.length ? names : tags).map(loadTag));
}

function found(): void {
  for (const tag of tags) if (!loads.has(tag) && document.querySelector(tag)) loadTag(tag).catch(() => {});
}

/** Defines the elements already in the document, and each the first time one is added to it. */
export function autoload(): void {
  const selector = tags.join();
  const added = (node: Node) => node instanceof Element && (node.matches(selector) || !!node.querySelector(selector));
  const watch = new MutationObserver((records) => {
    // Done once both are defined; until then only added subtrees are looked at.
    if (tags.every((tag) => customElements.get(tag))) watch.disconnect();
    else if (records.some((r) => [...r.addedNodes].some(added))) found();
  });
  watch.observe(document, { childList: true, subtree: true });
  found();
}
