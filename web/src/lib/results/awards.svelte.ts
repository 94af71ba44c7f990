/** Giving a special prize by hand: to a team, or to a named member of it, with a reason. */
import { ApiError } from '$lib/api';
import { resultsApi, type SpecialAward } from './api';

type Field = 'team' | 'member' | 'reason';

export class AwardForm {
  team = $state('');
  member = $state('');
  reason = $state('');
  submitting = $state(false);
  /** Empty required fields, found before anything is sent. */
  missing = $state<{ team?: boolean; reason?: boolean }>({});
  /** The server's words about a field (already in the reader's language). */
  fieldErrors = $state<Partial<Record<Field, string>>>({});
  failure = $state<unknown>(null);

  constructor(
    readonly slug: string,
    readonly prize: string,
  ) {}

  /** Sends the award; the created award, or null when something is to be fixed. */
  async submit(): Promise<SpecialAward | null> {
    this.failure = null;
    this.fieldErrors = {};
    this.missing = { team: this.team === '', reason: this.reason.trim() === '' };
    if (this.missing.team || this.missing.reason) return null;
    this.submitting = true;
    try {
      const member = this.member.trim();
      const award = await resultsApi.award(this.slug, this.prize, {
        team: this.team,
        ...(member ? { member } : {}),
        reason: this.reason.trim(),
      });
      this.member = '';
      this.reason = '';
      this.team = '';
      return award;
    } catch (err) {
      const errors: Partial<Record<Field, string>> = {};
      if (err instanceof ApiError) {
        for (const issue of err.issues) {
          const f = issue.path.split('.')[0];
          if ((f === 'team' || f === 'member' || f === 'reason') && !errors[f]) errors[f] = issue.message;
        }
        const f = err.path?.split('.')[0];
        if (err.issues.length === 0 && (f === 'team' || f === 'member' || f === 'reason') && err.message) errors[f] = err.message;
      }
      if (Object.keys(errors).length > 0) this.fieldErrors = errors;
      else this.failure = err;
      return null;
    } finally {
      this.submitting = false;
    }
  }
}
