/**
 * The classic script defines each element the first time the page holds one: its code is a file of its own beside
 * the script (room-widgets-chat.js, room-widgets-notifications.js), so a page pays only for the elements it shows.
 * Until then the tag is an undefined element: attributes and properties set on it are kept and apply on upgrade,
 * and `customElements.whenDefined(tag)` resolves once it is defined.
 */
import { connect } from '../core/client.ts';
import { emit } from '../events/events.ts';

type Pending = Element & { token?: string; server?: string };

const loaders: Record<string, (() => Promise<unknown>) | 0> = {
  'room-chat': () => import('./chat.ts'),
  'room-notifications': () => import('./notifications.ts'),
};
const tags = Object.keys(loaders);

/**
 * Loads and defines the elements named (default: both) now. The script does this by itself for tags in the document;
 * call it for elements inside a shadow root of your own, which it cannot see. A file that cannot load is reported as
 * `room-error` `feature_unavailable` on each such element in the document, and is tried again the next time.
 */
export function load(...names: string[]): Promise<unknown> {
  return Promise.all(
    (names[0] ? names : tags).map((tag) => {
      const loader = loaders[tag];
      if (loader === undefined) return Promise.reject(new TypeError(`room-widgets has no element <${tag}>`));
      if (!loader) return customElements.whenDefined(tag);
      loaders[tag] = 0;
      // The room's connection opens while the file loads (the element takes it over once defined), so the file
      // costs no time before the first render: joining takes longer than the fetch.
      const holds = [...document.querySelectorAll<Pending>(tag)].flatMap((el) => {
        const token = el.token ?? el.getAttribute('token');
        return token ? [connect({ server: el.server ?? el.getAttribute('server') ?? undefined, token })] : [];
      });
      return loader()
        .catch((error: Error) => {
          loaders[tag] = loader;
          for (const el of document.querySelectorAll(tag)) emit(el, 'room-error', { code: 'feature_unavailable', message: error.message });
        })
        .finally(() => holds.forEach((hold) => hold.close()));
    }),
  );
}

/** Defines the elements already in the document, and each the first time one is added to it. */
export function autoload(): void {
  const found = () => tags.forEach((tag) => loaders[tag] && document.querySelector(tag) && load(tag));
  const selector = tags.join();
  const added = (node: Node) => node instanceof Element && (node.matches(selector) || !!node.querySelector(selector));
  // Stays on: a page may add the other element later, or again one whose file failed to load.
  new MutationObserver((records) => records.some((r) => [...r.addedNodes].some(added)) && found()).observe(document, { childList: true, subtree: true });
  found();
}
