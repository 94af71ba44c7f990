/**
 * Changing the scoring policy: a draft beside the current policy, a what-if preview of the
 * standings under the draft's method, and "Áp dụng", which asks for a reason when the server
 * says results are already locked.
 */
import { ApiError } from '$lib/api';
import { resultsApi, type Method, type Policy, type WhatIfBody } from './api';

export const METHODS: readonly Method[] = ['mean', 'trimmed_mean', 'median'];
export const DECIMALS = [0, 1, 2, 3, 4] as const;

/** The same policy always serialises the same way, to compare a draft with the current one. */
function normal(p: Policy): string {
  return JSON.stringify({
    aggregation: { method: p.aggregation.method, trim: p.aggregation.trim, decimals: p.aggregation.decimals },
    tiebreak: [...p.tiebreak],
  });
}

export type PolicyField = 'reason' | 'tiebreak' | 'aggregation';

export class PolicyEditor {
  current = $state.raw<Policy>(undefined as unknown as Policy);
  method = $state<Method>('mean');
  trim = $state(1);
  decimals = $state(2);
  tiebreak = $state<string[]>([]);
  reason = $state('');

  preview = $state.raw<WhatIfBody | null>(null);
  previewLoading = $state(false);
  previewFailure = $state<unknown>(null);

  applying = $state(false);
  /** A failure of the whole form, worded at display time. */
  failure = $state<unknown>(null);
  /** Errors the server tied to a field (REASON_REQUIRED on 'reason', 'tiebreak.N', …). */
  fieldErrors = $state<Partial<Record<PolicyField, ApiError>>>({});
  applied = $state(false);

  /** The policy the form describes; the trim only counts for the trimmed mean. */
  draft = $derived<Policy>({
    aggregation: {
      method: this.method,
      trim: this.method === 'trimmed_mean' ? this.trim : this.current.aggregation.trim,
      decimals: this.decimals,
    },
    tiebreak: [...this.tiebreak],
  });
  changed = $derived(normal(this.draft) !== normal(this.current));
  /** The draft's method differs from the current one, so a preview says something. */
  methodChanged = $derived(
    this.draft.aggregation.method !== this.current.aggregation.method ||
      (this.draft.aggregation.method === 'trimmed_mean' && this.draft.aggregation.trim !== this.current.aggregation.trim),
  );

  #previewRequest = 0;

  constructor(
    readonly slug: string,
    current: Policy,
  ) {
    this.reset(current);
  }

  /** Back to the policy in force (or a new one the server confirmed). */
  reset(current: Policy = this.current): void {
    this.current = current;
    this.method = current.aggregation.method;
    this.trim = current.aggregation.trim > 0 ? current.aggregation.trim : 1;
    this.decimals = current.aggregation.decimals;
    this.tiebreak = [...current.tiebreak];
    this.fieldErrors = {};
    this.failure = null;
    this.preview = null;
    this.previewFailure = null;
  }

  setMethod(method: Method): void {
    this.method = method;
    this.applied = false;
    void this.loadPreview();
  }

  setTrim(trim: number): void {
    if (!Number.isInteger(trim) || trim < 0 || trim > 50) return;
    this.trim = trim;
    this.applied = false;
    void this.loadPreview();
  }

  addTiebreak(round: string): void {
    const entry = `round:${round}`;
    if (!this.tiebreak.includes(entry)) this.tiebreak.push(entry);
    delete this.fieldErrors.tiebreak;
  }

  moveUp(index: number): void {
    if (index <= 0 || index >= this.tiebreak.length) return;
    const [entry] = this.tiebreak.splice(index, 1);
    if (entry) this.tiebreak.splice(index - 1, 0, entry);
    delete this.fieldErrors.tiebreak;
  }

  removeTiebreak(index: number): void {
    this.tiebreak.splice(index, 1);
    delete this.fieldErrors.tiebreak;
  }

  /** The standings under the draft's method, beside the current ones. */
  async loadPreview(): Promise<void> {
    const id = ++this.#previewRequest;
    if (!this.methodChanged) {
      this.preview = null;
      this.previewFailure = null;
      this.previewLoading = false;
      return;
    }
    this.previewLoading = true;
    try {
      const body = await resultsApi.whatIf(this.slug, this.draft.aggregation.method, this.draft.aggregation.trim);
      if (id !== this.#previewRequest) return;
      this.preview = body;
      this.previewFailure = null;
    } catch (err) {
      if (id === this.#previewRequest) this.previewFailure = err;
    } finally {
      if (id === this.#previewRequest) this.previewLoading = false;
    }
  }

  /** Sends the draft; true when the server took it. */
  async apply(): Promise<boolean> {
    if (this.applying || !this.changed) return false;
    this.applying = true;
    this.failure = null;
    this.fieldErrors = {};
    this.applied = false;
    try {
      const policy = await resultsApi.setPolicy(this.slug, this.draft, this.reason.trim() || undefined);
      this.reason = '';
      this.reset(policy);
      this.applied = true;
      return true;
    } catch (err) {
      const field = err instanceof ApiError ? fieldOf(err) : undefined;
      if (err instanceof ApiError && field) this.fieldErrors = { [field]: err };
      else this.failure = err;
      return false;
    } finally {
      this.applying = false;
    }
  }
}

/** Which part of the form an error is about, by its path (or its first issue's). */
function fieldOf(err: ApiError): PolicyField | undefined {
  if (err.code === 'REASON_REQUIRED') return 'reason';
  const path = err.path ?? err.issues[0]?.path ?? '';
  const head = path.split('.')[0];
  if (head === 'reason' || head === 'tiebreak' || head === 'aggregation') return head;
  return undefined;
}
