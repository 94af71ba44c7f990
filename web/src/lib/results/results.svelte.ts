/**
 * The organizer's results page: the results table with the judges flagged far from their panel,
 * re-queried when the tolerance changes or when the live hub says something changed.
 */
import { resultsApi, type Outlier, type ResultsBody } from './api';
import { cellKey, judgeNumbers, outlierIndex } from './table';

/** Tolerances offered, in standard deviations; the server's default is 2. */
export const TOLERANCES = ['1', '1.5', '2', '2.5', '3', '4'] as const;
export const DEFAULT_TOLERANCE = '2';

export class ResultsView {
  /** Set by the constructor before anything reads it. */
  body = $state.raw<ResultsBody>(undefined as unknown as ResultsBody);
  tolerance = $state(DEFAULT_TOLERANCE);
  loading = $state(false);
  /** The last refresh failed (kept to be worded in the current language); the table shown is older. */
  failure = $state<unknown>(null);
  /** When the table shown was computed, in ms since the epoch. */
  updatedAt = $state(Date.now());

  table = $derived(this.body.table);
  decimals = $derived(this.body.table.contest.decimals);
  /** Outliers by round, team and judge. */
  #outliers = $derived(outlierIndex(this.body.outliers));
  /** A judge's number in the panel (1-based), for "GK3". */
  judgeNumber = $derived(judgeNumbers(this.body.table));
  rubricRounds = $derived(this.body.table.rounds.filter((r) => r.kind === 'rubric'));

  #request = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly slug: string,
    initial: ResultsBody,
  ) {
    this.body = initial;
    this.tolerance = initial.tolerance;
  }

  outlier(round: string, team: string, judge: string): Outlier | undefined {
    return this.#outliers.get(cellKey(round, team, judge));
  }

  outliersOf(round: string): Outlier[] {
    return this.body.outliers.filter((o) => o.round === round);
  }

  /** Loads the table again; an answer that arrives after a newer request is dropped. */
  async refresh(): Promise<void> {
    const id = ++this.#request;
    this.loading = true;
    try {
      const body = await resultsApi.results(this.slug, this.tolerance);
      if (id !== this.#request) return;
      this.body = body;
      this.failure = null;
      this.updatedAt = Date.now();
    } catch (err) {
      if (id === this.#request) this.failure = err;
    } finally {
      if (id === this.#request) this.loading = false;
    }
  }

  /** A refresh soon, coalescing a burst of live updates into one request. */
  refreshSoon(delayMs = 300): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.refresh();
    }, delayMs);
  }

  setTolerance(value: string): void {
    this.tolerance = value;
    void this.refresh();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
