/**
 * Where the classic script was loaded from, read while it runs (`document.currentScript` is gone later): the files it
 * loads on demand (polling, howler, the on-demand parts, locales) sit beside it, wherever the page took it from.
 */
export const scriptBase: string | undefined =
  typeof document === 'undefined' ? undefined : (document.currentScript as HTMLScriptElement | null)?.src || undefined;

/** Loads under way or done, by URL. */
const loads: Record<string, Promise<unknown>> = {};

/**
 * Adds `<script src=url>` once and resolves with what it defined (`read()`), so the classic script needs no module
 * machinery for the files it loads on demand. A failed load is forgotten, so the next call tries again. `ordered`:
 * it runs after the files added `ordered` before it (all are fetched at once, as the browser does for such scripts).
 * `urgent`: the page's first render waits for it.
 */
export function loadScript<T>(url: string, read: () => T | undefined, ordered = false, urgent = false): Promise<T> {
  const ready = read();
  if (ready) return Promise.resolve(ready);
  return (loads[url] ??= new Promise<T>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.async = !ordered;
    // Ahead of the files fetched at the same time that the page does not need to render (socket.io's client).
    if (urgent) script.fetchPriority = 'high';
    script.onload = () => {
      const value = read();
      if (value) resolve(value);
      else reject(new Error(`${url} did not define what it should`));
    };
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.append(script);
  }).catch((error: unknown) => {
    delete loads[url];
    throw error;
  })) as Promise<T>;
}
