// Names the nodes of a page's CPU profile by the sources the built files map them to (dist/*.map), for the bench's
// profiling scripts.
import { readFileSync } from 'node:fs';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { groupOf } from '../scripts/bundle-breakdown.mjs';

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Each built file's sourcemap, by file name: the script and the files it loads on demand alike. */
const maps = new Map<string, TraceMap>();
const mapOf = (file: string) => {
  if (!maps.has(file)) maps.set(file, new TraceMap(readFileSync(`dist/${file}.map`, 'utf8')));
  return maps.get(file)!;
};

/** Names a profile node by the original source the built script maps it to. */
export function placeOf(frame: ProfileNode['callFrame']): { group: string; fn: string } {
  const file = /\/(room-widgets[\w-]*\.js)$/.exec(frame.url)?.[1];
  if (!file)
    return {
      group: frame.url ? 'other scripts' : frame.functionName || '(program)',
      fn: frame.functionName || '(anonymous)',
    };
  const pos = originalPositionFor(mapOf(file), { line: frame.lineNumber + 1, column: frame.columnNumber });
  const group = groupOf(pos.source ?? '');
  return { group, fn: `${pos.name ?? frame.functionName ?? '(anonymous)'} (${group}:${pos.line ?? '?'})` };
}
