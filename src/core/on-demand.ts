import { kit } from 'virtual:room-widgets-kit';
import { loadScript, scriptBase } from './load-script.ts';

/*
 * The classic script's side of the parts it loads on demand (vite.config.ts, `onDemandParts`): its build turns
 * `import('./centre-panel.ts')` into `onDemand('centre')`, which loads dist/room-widgets-centre.js from beside the
 * script. That file takes lit from `RoomWidgetsKit` (this script's own copy, never a second one) and defines
 * `RoomWidgetsOnDemand.centre`. The ES build keeps the plain dynamic import, and bundlers split it as usual.
 */

interface OnDemandWindow {
  RoomWidgetsKit?: typeof kit;
  RoomWidgetsOnDemand?: Record<string, unknown>;
}

export function onDemand<T>(name: string): Promise<T> {
  const w = window as unknown as OnDemandWindow;
  w.RoomWidgetsKit ??= kit;
  return loadScript(new URL(`room-widgets-${name}.js`, scriptBase ?? location.href).href, () => w.RoomWidgetsOnDemand?.[name] as T | undefined);
}
