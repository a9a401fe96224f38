import type { HowlerModule } from './howler-types.ts';

/**
 * Loads howler's own browser build with a script tag (it defines `window.Howl` and `window.Howler`),
 * so the classic script needs no module machinery and no howler bytes until the first sound.
 */
export function howlerFromScript(url: string): () => Promise<HowlerModule> {
  return () =>
    new Promise<HowlerModule>((resolve, reject) => {
      const w = window as unknown as Partial<HowlerModule>;
      const ready = () => (w.Howl && w.Howler ? resolve({ Howl: w.Howl, Howler: w.Howler } as HowlerModule) : reject(new Error(`${url} did not define Howl`)));
      if (w.Howl && w.Howler) return ready();
      const script = document.createElement('script');
      script.src = url;
      script.async = true;
      script.onload = ready;
      script.onerror = () => reject(new Error(`could not load ${url}`));
      document.head.append(script);
    });
}
