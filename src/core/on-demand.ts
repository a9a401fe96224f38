import { loadScript, scriptBase } from './load-script.ts';

/*
 * The classic script's side of the files it loads on demand (vite.config.ts, `onDemandParts`): its build turns
 * `import('./centre-panel.ts')` into `onDemand('centre')`, which loads dist/room-widgets-centre.js from beside the
 * script. That file takes lit and this project's shared modules from `RoomWidgetsKit` (set by src/script.ts: the
 * script's own copies, never second ones) and defines `RoomWidgetsOnDemand.centre`. The ES build keeps the plain
 * dynamic import, and bundlers split it as usual.
 */
export function onDemand<T>(name: string, ordered?: boolean, urgent?: boolean): Promise<T> {
  const parts = () => (window as unknown as { RoomWidgetsOnDemand?: Record<string, T> }).RoomWidgetsOnDemand;
  return loadScript(
    new URL(`room-widgets-${name}.js`, scriptBase ?? location.href).href,
    () => parts()?.[name],
    ordered,
    urgent,
  );
}
