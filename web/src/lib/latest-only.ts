/**
 * Requests of which only the last one asked counts: an earlier request whose answer (or failure)
 * arrives after a later one was sent is dropped, so a slow answer never replaces a newer one.
 */
export class LatestOnly {
  #ticket = 0;

  /** Drops the answer of any request in flight: the state it would set was just changed otherwise. */
  invalidate(): void {
    this.#ticket++;
  }

  /** Runs `ask`; `apply` (or `fail`) is called only if no other request was sent meanwhile. */
  async run<T>(ask: () => Promise<T>, apply: (value: T) => void, fail?: (err: unknown) => void): Promise<void> {
    const ticket = ++this.#ticket;
    try {
      const value = await ask();
      if (ticket === this.#ticket) apply(value);
    } catch (err) {
      if (ticket === this.#ticket) fail?.(err);
    }
  }
}
