import type { createClient } from 'redis';

export type Redis = ReturnType<typeof createClient>;

/** Runs a Lua script atomically (EVAL: the script text travels each time, which keeps restarts of Redis simple). */
export function evalScript(
  redis: Redis,
  script: string,
  keys: string[],
  args: Array<string | number>,
): Promise<unknown> {
  return redis.sendCommand(['EVAL', script, String(keys.length), ...keys, ...args.map(String)]);
}
