// Waits that end early when their signal aborts (a shutdown, a lost lease): polling loops in the worker,
// the list lock and shared delivery resolve instead of throwing, and check their own state after.
import { setTimeout as delay } from 'node:timers/promises';

/** Resolves after `ms`, or as soon as `signal` aborts; never rejects. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal ? { signal } : {}).catch(() => undefined);
}
