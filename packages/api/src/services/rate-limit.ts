/** Public endpoints are limited per client; Workers can swap in a distributed limiter. */
export interface RateLimiter {
  /** Counts one request; returns seconds to wait when over the limit, else 0. */
  hit(client: string): number;
}

/** Fixed one-minute windows in memory, pruned as they expire. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  hit(client: string): number {
    if (this.perMinute <= 0) return 0;
    const now = this.now();
    const window = this.windows.get(client);
    if (!window || now - window.start >= 60_000) {
      if (this.windows.size > 100_000) this.prune(now);
      this.windows.set(client, { start: now, count: 1 });
      return 0;
    }
    window.count++;
    return window.count > this.perMinute ? Math.ceil((window.start + 60_000 - now) / 1000) : 0;
  }

  private prune(now: number): void {
    for (const [client, window] of this.windows) if (now - window.start >= 60_000) this.windows.delete(client);
  }
}
