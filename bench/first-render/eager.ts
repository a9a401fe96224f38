// The baseline of bench/first-render.ts: the classic script as one file, both elements defined as it runs (what
// src/classic/autoload.ts replaces), built from the same sources.
import '../../src/classic/chat.ts';
import '../../src/classic/notifications.ts';

export function autoload(): void {}
export function load(): Promise<unknown> {
  return Promise.resolve();
}
