/**
 * Events counted per key in a sliding window, in memory: failed logins per account (so that
 * guessing one password is slow even from many addresses), registrations per contest. It forgets
 * on restart, which only gives an attacker a few more tries per restart.
 */
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
    this.failures.set(account, [...this.recent(account), this.now()]);
  }

  clear(account: string): void {
    this.failures.delete(account);
  }
}
