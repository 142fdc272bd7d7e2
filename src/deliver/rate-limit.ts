// The sending rate limit: at most `perSecond` messages start per second, spaced evenly (a provider's
// "N messages per second" is usually enforced per second, so a burst of N at once is what gets refused).
// Shared by every concurrent lane of one delivery; `null` turns it off.

export interface RateLimiter {
  /** Resolves when the next message may start; resolves at once when `signal` is aborted. */
  take(signal?: AbortSignal): Promise<void>;
}

export function createRateLimiter(perSecond: number | null, clock: () => number = Date.now): RateLimiter {
  if (perSecond === null) return { take: async () => {} };
  const spacingMs = 1000 / perSecond;
  let next = 0;
  return {
    take(signal) {
      const now = clock();
      const at = Math.max(now, next);
      next = at + spacingMs;
      const wait = at - now;
      if (wait < 1 || signal?.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, wait);
        signal?.addEventListener('abort', done, { once: true });
      });
    },
  };
}
