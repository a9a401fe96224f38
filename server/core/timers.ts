/** The longest delay `setTimeout` takes (about 24.8 days); a longer one fires after ~1 ms instead. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface LongTimer {
  clear(): void;
}

/**
 * Calls `fn` once at `at` (ms since the epoch), however far away: the wait is re-armed in chunks that
 * `setTimeout` can hold. Unref'd, so a pending room timer never keeps the process alive.
 */
export function runAt(at: number, fn: () => void): LongTimer {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const wait = at - Date.now();
    if (wait <= 0) return void fn();
    timer = setTimeout(arm, Math.min(wait, MAX_TIMEOUT_MS));
    timer.unref();
  };
  // Deferred even when due now, so the caller always gets its handle before `fn` runs.
  timer = setTimeout(arm, 0);
  timer.unref();
  return { clear: () => clearTimeout(timer) };
}
