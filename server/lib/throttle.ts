/**
 * Events counted per key in a sliding window, in memory: failed logins (LoginThrottle below),
 * registrations, vote device ids. It forgets
 * on restart, which only gives an attacker a few more tries per restart.
 */
const MAX_KEYS = 50_000;

/**
 * A sliding window counted once for several processes (with Redis: server/lib/redis/limits.ts),
 * e.g. the new voting devices per address. Its calls may fail (Redis away): the caller then counts
 * in its own SlidingWindow, as it does without one.
 */
export interface SharedWindow {
  /** Takes one of `max` places of `key` in the last `windowMs`: 0 when taken, else the seconds until one frees. */
  take(key: string, max: number, windowMs: number): Promise<number>;
  /** The seconds until `key` may take a place, 0 when it may now. */
  wait(key: string, max: number, windowMs: number): Promise<number>;
}

export class SlidingWindow {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(account: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.failures.get(account) ?? []).filter((at) => at > since);
    if (list.length === 0) this.failures.delete(account);
    else this.failures.set(account, list);
    return list;
  }

  /** Seconds until the key may be used again, or 0 when it may try now. */
  retryAfter(account: string): number {
    const list = this.recent(account);
    if (list.length < this.maxFailures) return 0;
    const oldest = list[0] ?? this.now();
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  hit(account: string): void {
    // Keys are chosen by callers (addresses, typed emails): forget stale ones before the map grows.
    if (this.failures.size >= MAX_KEYS) this.prune();
    this.failures.set(account, [...this.recent(account), this.now()]);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) this.recent(key);
    // Still full of live keys: drop the oldest entries (a Map iterates in insertion order).
    for (const key of this.failures.keys()) {
      if (this.failures.size < MAX_KEYS) break;
      this.failures.delete(key);
    }
  }

  clear(account: string): void {
    this.failures.delete(account);
  }
}

/**
 * Failed sign-ins (api.md "Start-up and accounts"). An address that fails `perAddress` times for
 * one account within the window is refused (429) for that account until the window moves on; no
 * other address is. Across all addresses, an account with more than `perAccount` failures in the
 * window is slowed, never refused: every attempt on it is answered no sooner than `slowMs` after it
 * arrived (a guess from many addresses costs time; the real user waits a moment and signs in).
 */
export class LoginThrottle {
  private readonly byAddress: SlidingWindow;
  private readonly byAccount: SlidingWindow;
  constructor(
    readonly limits = { perAddress: 5, perAccount: 20, windowMs: 15 * 60_000, slowMs: 1000 },
    now: () => number = Date.now,
  ) {
    this.byAddress = new SlidingWindow(limits.perAddress, limits.windowMs, now);
    this.byAccount = new SlidingWindow(limits.perAccount, limits.windowMs, now);
  }

  private static key(account: string, address: string) {
    return `${account}\u0000${address}`;
  }

  /** Seconds until this address may try this account again, or 0. */
  retryAfter(account: string, address: string): number {
    return this.byAddress.retryAfter(LoginThrottle.key(account, address));
  }

  /** How long an attempt on this account is held before its answer (0 unless it is under attack). */
  slowdownMs(account: string): number {
    return this.byAccount.retryAfter(account) > 0 ? this.limits.slowMs : 0;
  }

  fail(account: string, address: string): void {
    this.byAddress.hit(LoginThrottle.key(account, address));
    this.byAccount.hit(account);
  }

  succeed(account: string, address: string): void {
    this.byAddress.clear(LoginThrottle.key(account, address));
  }
}
