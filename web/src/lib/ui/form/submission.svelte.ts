/**
 * The sending of one form: at most one at a time, and the failure of the last one, kept to be shown
 * beside the form's buttons.
 */
export class Submission {
  working = $state(false);
  failure = $state<unknown>(null);

  /**
   * Runs `send` unless a sending is already under way. Resolves true when it succeeded; false when
   * it failed (the error is kept in `failure`) or did not run.
   */
  async run(send: () => Promise<void>): Promise<boolean> {
    if (this.working) return false;
    this.working = true;
    this.failure = null;
    try {
      await send();
      return true;
    } catch (err) {
      this.failure = err;
      return false;
    } finally {
      this.working = false;
    }
  }

  /** Forgets the last failure (the form opens again). */
  reset(): void {
    this.failure = null;
  }
}
