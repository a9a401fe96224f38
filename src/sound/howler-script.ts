import { loadScript } from '../core/load-script.ts';
import type { HowlerModule } from './howler-types.ts';

/**
 * Loads howler's own browser build with a script tag (it defines `window.Howl` and `window.Howler`),
 * so the classic script needs no module machinery and no howler bytes until the first sound.
 */
export function howlerFromScript(url: string): () => Promise<HowlerModule> {
  const w = window as unknown as Partial<HowlerModule>;
  return () =>
    loadScript(url, () => (w.Howl && w.Howler ? ({ Howl: w.Howl, Howler: w.Howler } as HowlerModule) : undefined));
}
