/**
 * The state of the judge's tablet: who the judge is, the contest and its rubric rounds, the stage
 * (followed live), the judge's sheets as the server knows them, the marks typed but not yet saved
 * (kept per round and team, so a reload loses nothing), the outbox and the receipts.
 */
import { ApiError } from '$lib/api';
import { LiveClient } from '$lib/live.svelte';
import { judgeApi, putSheet, type JudgeMe, type JudgeSheets, type Receipt, type ServerSheet, type SheetStatus } from './api';
import { nowIso } from './format';
import { clean, sameMarks, type Marks } from './marks';
import { Outbox, type Rejection, type VersionConflict } from './outbox.svelte';
import { LAST_SCOPE_KEY, readJson, storageKey, writeJson } from './storage';

export type SheetState = 'none' | 'draft' | 'pending' | 'submitted' | 'locked' | 'conflict' | 'withdrawn' | 'versionConflict';
export type Phase = 'loading' | 'ready' | 'noSession' | 'invalidLink' | 'signedOut' | 'failed';

export interface ReceiptRecord extends Receipt {
  round: string;
  team: string;
  version: number;
  status: SheetStatus;
  total: number;
}

interface Draft {
  marks: Marks;
  /** The comment as typed; absent while the judge has not touched it. */
  comment?: string;
  at: string;
}

/** A comment as the server keeps it: trimmed, and empty is none. */
export const cleanComment = (s: string | null | undefined): string | null => s?.trim() || null;

interface Cache {
  me: JudgeMe;
  sheets: JudgeSheets;
}

const REFRESH_MS = 30_000;
const MAX_RECEIPTS = 500;

export const sheetKey = (round: string, team: string) => `${round}/${team}`;

export class JudgeTablet {
  phase = $state<Phase>('loading');
  failure = $state<unknown>(null);
  me = $state<JudgeMe | null>(null);
  /** Showing what was stored on this tablet because the server could not be reached at start. */
  fromCache = $state(false);
  sheets = $state<Record<string, ServerSheet>>({});
  locked = $state<Record<string, true>>({});
  /**
   * The live socket's message count when `locked` was last set: once a later message has come, the
   * socket's list of locks is the newer word (an unlock for review frees the sheet at once).
   */
  private lockedAt = $state(0);
  drafts = $state<Record<string, Draft>>({});
  receipts = $state<ReceiptRecord[]>([]);
  roundKey = $state<string | null>(null);
  teamKey = $state<string | null>(null);
  /** The stage the judge has already answered (jumped to it or put it aside). */
  stageSeen = $state<string | null>(null);
  /** The browser's own idea of the network. */
  browserOnline = $state(true);
  /** The last request failed to reach the server. */
  unreachable = $state(false);
  /** The last refresh of the judge (me) and of the sheets asked for; see refresh(). */
  private meTicket = 0;
  private sheetsTicket = 0;
  /** The last acknowledgement, to say "Đã ghi nhận" where the judge is looking. */
  lastAck = $state<{ key: string; status: SheetStatus; at: number } | null>(null);
  /** Sheets waiting in this tablet's outbox while it cannot sign in (link released, revoked or reissued). */
  kept = $state(0);
  /** The last refusal, to show beside the sheet it concerns. */
  lastRejection = $state<Rejection | null>(null);

  outbox = $state<Outbox | null>(null);
  live = $state<LiveClient | null>(null);
  /** Locks pushed on the judge's live socket: a lock reaches the tablet at once, not at the next refresh. */
  liveLocked = $derived<Record<string, true>>(
    Object.fromEntries((this.live?.locks ?? []).map((l) => [sheetKey(l.round, l.team), true as const])),
  );

  online = $derived(this.browserOnline && !this.unreachable);
  stage = $derived(this.live?.stage ?? this.me?.stage ?? null);
  rounds = $derived(this.me?.contest.rounds ?? []);
  teams = $derived(this.me?.contest.teams ?? []);
  round = $derived(this.rounds.find((r) => r.key === this.roundKey) ?? null);
  team = $derived(this.teams.find((t) => t.key === this.teamKey) ?? null);
  /** The stage's "round/team" when it is a rubric round of this contest. */
  stageKey = $derived.by(() => {
    const s = this.stage;
    if (!s?.round || !s.team) return null;
    if (!this.rounds.some((r) => r.key === s.round) || !this.teams.some((t) => t.key === s.team)) return null;
    return sheetKey(s.round, s.team);
  });
  /** A new team came on stage and the judge is looking at another one. */
  stageOffer = $derived(
    this.stageKey !== null &&
      this.stageKey !== this.stageSeen &&
      !(this.roundKey && this.teamKey && this.stageKey === sheetKey(this.roundKey, this.teamKey)),
  );

  private scope: string | null = null;
  private refreshTimer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;

  async start(): Promise<void> {
    this.stopped = false;
    this.browserOnline = navigator.onLine;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    document.addEventListener('visibilitychange', this.onVisible);
    await this.load();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    document.removeEventListener('visibilitychange', this.onVisible);
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.outbox?.stop();
    this.live?.stop();
  }

  /** The first load, and "Thử lại" after a failure. */
  async load(): Promise<void> {
    this.phase = this.me ? this.phase : 'loading';
    let me: JudgeMe;
    try {
      me = await judgeApi.me();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        this.signedOut(err.code);
        return;
      }
      // The Wi-Fi dropped: carry on with what this tablet stored last time.
      const last = readJson<string>(LAST_SCOPE_KEY);
      const cache = last ? readJson<Cache>(storageKey(last, 'cache')) : null;
      if (cache?.me) {
        this.unreachable = true;
        this.fromCache = true;
        this.init(cache.me);
        this.applySheets(cache.sheets);
        return;
      }
      this.failure = err;
      this.phase = 'failed';
      return;
    }
    this.unreachable = false;
    this.fromCache = false;
    this.init(me);
    await this.refreshSheets();
  }

  private init(me: JudgeMe): void {
    if (this.stopped) return;
    const scope = `${me.contest.slug}.${me.judge.key}`;
    this.me = me;
    if (this.scope === scope) return;
    this.scope = scope;
    writeJson(LAST_SCOPE_KEY, scope);
    this.drafts = readJson<Record<string, Draft>>(storageKey(scope, 'drafts')) ?? {};
    this.receipts = readJson<ReceiptRecord[]>(storageKey(scope, 'receipts')) ?? [];
    this.restoreSelection(me);

    const slug = me.contest.slug;
    this.outbox = new Outbox(scope, {
      send: (entry, body) => putSheet(slug, entry.round, entry.team, entry.id, body),
      acked: (entry, result) => this.acked(entry.round, entry.team, result.sheet, result.receipt),
      rejected: (rejection) => this.rejected(rejection),
      reachable: (ok) => {
        this.unreachable = !ok;
      },
      // A send refused for want of a session: find out why at once, and say so (the outbox keeps the sheet).
      unauthorized: () => void this.refresh(),
      knownVersion: (round, team) => this.sheets[sheetKey(round, team)]?.version ?? 0,
    });
    this.outbox.start();
    this.live = new LiveClient(slug);
    this.live.start();
    this.refreshTimer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.phase = 'ready';
  }

  private restoreSelection(me: JudgeMe): void {
    const saved = this.scope ? readJson<{ round: string; team: string | null }>(storageKey(this.scope, 'selection')) : null;
    const rounds = me.contest.rounds;
    const stage = me.stage;
    const stageIsRubric = !!stage.round && !!stage.team && rounds.some((r) => r.key === stage.round);
    if (stageIsRubric) this.stageSeen = sheetKey(stage.round!, stage.team!);
    if (saved && rounds.some((r) => r.key === saved.round)) {
      this.roundKey = saved.round;
      this.teamKey = saved.team && me.contest.teams.some((t) => t.key === saved.team) ? saved.team : null;
      // A reload does not hide who is on stage now if it is another team.
      if (stageIsRubric && sheetKey(saved.round, saved.team ?? '') !== this.stageSeen) this.stageSeen = null;
    } else if (stageIsRubric) {
      this.roundKey = stage.round;
      this.teamKey = stage.team;
    } else {
      this.roundKey = rounds[0]?.key ?? null;
      this.teamKey = null;
    }
  }

  /** Reads the contest again (conflicts may have changed) and the judge's sheets. */
  async refresh(): Promise<void> {
    if (this.stopped || !this.me) return;
    // Refreshes overlap (the 30 s timer, waking up, back online, a refused save, the stage moving
    // on): only the last one's answer counts, or an earlier one arriving later would put back a
    // lock just lifted, or the offline banner over a tablet that is online.
    const ticket = ++this.meTicket;
    try {
      const me = await judgeApi.me();
      if (ticket !== this.meTicket) return;
      if (this.scope !== `${me.contest.slug}.${me.judge.key}`) return; // another judge's link: a reload starts over
      this.me = me;
      this.fromCache = false;
      this.unreachable = false;
      // Signed in again (the link opened anew on this tablet, in another tab): back to work.
      if (this.phase !== 'ready') {
        this.phase = 'ready';
        this.outbox?.kick();
      }
      await this.refreshSheets();
    } catch (err) {
      if (ticket !== this.meTicket) return;
      if (err instanceof ApiError && err.status === 0) this.unreachable = true;
      else if (err instanceof ApiError && err.status === 401) this.signedOut(err.code);
    }
  }

  /** The link no longer signs this tablet in: say so, and how many sheets it still keeps. */
  private signedOut(code: string): void {
    this.phase = code === 'LINK_INVALID' ? 'invalidLink' : code === 'JUDGE_SIGNED_OUT' ? 'signedOut' : 'noSession';
    if (this.outbox) {
      this.kept = this.outbox.pendingCount;
      return;
    }
    const last = readJson<string>(LAST_SCOPE_KEY);
    const stored = last ? readJson<{ entries?: { round: string; team: string }[] }>(storageKey(last, 'outbox')) : null;
    const entries = Array.isArray(stored?.entries) ? stored.entries : [];
    this.kept = entries.filter((e, i) => entries.findIndex((x) => x.round === e.round && x.team === e.team) === i).length;
  }

  private async refreshSheets(): Promise<void> {
    const ticket = ++this.sheetsTicket; // as in refresh(): the last read of the sheets wins
    try {
      const sheets = await judgeApi.sheets();
      if (ticket !== this.sheetsTicket) return;
      this.unreachable = false;
      this.applySheets(sheets);
      if (this.scope && this.me) writeJson(storageKey(this.scope, 'cache'), $state.snapshot({ me: this.me, sheets }));
    } catch (err) {
      if (ticket === this.sheetsTicket && err instanceof ApiError && err.status === 0) this.unreachable = true;
    }
  }

  private applySheets(data: JudgeSheets): void {
    const next: Record<string, ServerSheet> = { ...this.sheets };
    for (const s of data.sheets) {
      const key = sheetKey(s.round, s.team);
      const known = next[key];
      // An answer to a write may have overtaken this read: keep the newer version.
      if (!known || known.version <= s.version) next[key] = s;
      if (s.receipt)
        this.addReceipt({ ...s.receipt, round: s.round, team: s.team, version: s.version, status: s.status, total: s.total });
    }
    this.sheets = next;
    this.locked = Object.fromEntries(data.locked.map((l) => [sheetKey(l.round, l.team), true as const]));
    this.lockedAt = this.live?.version ?? 0;
  }

  private onOnline = () => {
    this.browserOnline = true;
    this.unreachable = false;
    void this.refresh();
  };

  private onOffline = () => {
    this.browserOnline = false;
  };

  private onVisible = () => {
    if (document.visibilityState === 'visible') {
      void this.refresh();
      this.outbox?.kick();
    }
  };

  /** The live socket is up: the server is reachable. */
  reachable(): void {
    this.unreachable = false;
  }

  // ── selection ─────────────────────────────────────────────────────────

  selectRound(round: string): void {
    if (this.roundKey === round) return;
    this.roundKey = round;
    this.teamKey = null;
    this.saveSelection();
  }

  selectTeam(team: string): void {
    this.teamKey = team;
    if (this.roundKey && sheetKey(this.roundKey, team) === this.stageKey) this.stageSeen = this.stageKey;
    this.saveSelection();
  }

  /** Opens the sheet of the team on stage. */
  jumpToStage(): void {
    const s = this.stage;
    if (!this.stageKey || !s?.round || !s.team) return;
    this.roundKey = s.round;
    this.teamKey = s.team;
    this.stageSeen = this.stageKey;
    this.saveSelection();
  }

  dismissStage(): void {
    this.stageSeen = this.stageKey;
  }

  private saveSelection(): void {
    if (this.scope && this.roundKey) writeJson(storageKey(this.scope, 'selection'), { round: this.roundKey, team: this.teamKey });
  }

  // ── sheets ─────────────────────────────────────────────────────────────

  stateOf(round: string, team: string): SheetState {
    const t = this.teams.find((x) => x.key === team);
    if (t?.conflict) return 'conflict';
    if (t?.withdrawn) return 'withdrawn';
    const key = sheetKey(round, team);
    const liveIsNewer = !!this.live?.locks && this.live.version > this.lockedAt;
    if (this.liveLocked[key] || (this.locked[key] && !liveIsNewer)) return 'locked';
    if (this.outbox?.conflictFor(round, team)) return 'versionConflict';
    if (this.outbox?.pendingFor(round, team)) return 'pending';
    const s = this.sheets[key];
    if (s?.status === 'submitted') return 'submitted';
    if (s || this.drafts[key]) return 'draft';
    return 'none';
  }

  /** What is saved: queued in the outbox, or else stored on the server. */
  saved(round: string, team: string): { marks: Marks; status: SheetStatus; comment: string | null } | null {
    const s = this.sheets[sheetKey(round, team)];
    const pending = this.outbox?.pendingFor(round, team);
    if (pending)
      return {
        marks: pending.marks,
        status: pending.status,
        comment: pending.comment === undefined ? (s?.comment ?? null) : pending.comment,
      };
    return s ? { marks: s.marks, status: s.status, comment: s.comment ?? null } : null;
  }

  /** The comment the judge sees: as typed, else as saved. */
  workingComment(round: string, team: string): string {
    return this.drafts[sheetKey(round, team)]?.comment ?? this.saved(round, team)?.comment ?? '';
  }

  /** The marks the judge sees: unsaved edits first, then what is saved. */
  working(round: string, team: string): Marks {
    return this.drafts[sheetKey(round, team)]?.marks ?? this.saved(round, team)?.marks ?? {};
  }

  hasUnsaved(round: string, team: string): boolean {
    const draft = this.drafts[sheetKey(round, team)];
    if (!draft) return false;
    const saved = this.saved(round, team);
    return (
      !sameMarks(draft.marks, saved?.marks ?? {}) ||
      (draft.comment !== undefined && cleanComment(draft.comment) !== (saved?.comment ?? null))
    );
  }

  setMark(round: string, team: string, criterion: string, value: number): void {
    const key = sheetKey(round, team);
    const marks = { ...this.working(round, team), [criterion]: value };
    this.drafts[key] = { ...this.drafts[key], marks, at: nowIso() };
    this.persistDrafts();
  }

  /** The comment as the judge types it: kept with the unsaved edits (survives a reload), saved with the sheet. */
  setComment(round: string, team: string, comment: string): void {
    const key = sheetKey(round, team);
    this.drafts[key] = { marks: this.working(round, team), comment, at: nowIso() };
    this.persistDrafts();
  }

  /** Drops the unsaved edits of a sheet. */
  discard(round: string, team: string): void {
    delete this.drafts[sheetKey(round, team)];
    this.persistDrafts();
  }

  /** "Lưu nháp" and "Gửi phiếu": into the outbox first, then to the server. */
  save(round: string, team: string, status: SheetStatus): void {
    const r = this.rounds.find((x) => x.key === round);
    if (!r || !this.outbox) return;
    const marks = clean($state.snapshot(this.working(round, team)) as Marks, r.criteria);
    const known = this.sheets[sheetKey(round, team)]?.version ?? 0;
    const comment = cleanComment(this.workingComment(round, team));
    if (this.lastRejection?.round === round && this.lastRejection.team === team) this.lastRejection = null;
    this.outbox.add(round, team, marks, status, known, comment);
    // The outbox holds it now (stored before add returned): the edits are no longer unsaved.
    this.discard(round, team);
  }

  resolveConflict(id: string, keep: 'mine' | 'theirs'): void {
    const conflict: VersionConflict | undefined = this.outbox?.resolve(id, keep);
    if (!conflict) return;
    const key = sheetKey(conflict.round, conflict.team);
    if (keep === 'theirs' && conflict.theirs) {
      const known = this.sheets[key];
      if (!known || known.version <= conflict.theirs.version)
        this.sheets[key] = { ...conflict.theirs, receipt: known?.version === conflict.theirs.version ? known.receipt : null };
    }
    this.discard(conflict.round, conflict.team);
    if (keep === 'theirs') void this.refreshSheets();
  }

  private acked(round: string, team: string, sheet: ServerSheet | Omit<ServerSheet, 'receipt'>, receipt: Receipt): void {
    const key = sheetKey(round, team);
    const known = this.sheets[key];
    if (!known || known.version <= sheet.version) this.sheets[key] = { ...sheet, receipt };
    this.addReceipt({ ...receipt, round, team, version: sheet.version, status: sheet.status, total: sheet.total });
    this.lastAck = { key, status: sheet.status, at: Date.now() };
    // Edits made after this save stay; a draft equal to what is stored is no longer needed.
    const draft = this.drafts[key];
    const sameComment = draft?.comment === undefined || cleanComment(draft.comment) === (sheet.comment ?? null);
    if (draft && sameMarks(draft.marks, sheet.marks) && sameComment && !this.outbox?.pendingFor(round, team))
      this.discard(round, team);
  }

  private rejected(rejection: Rejection): void {
    const key = sheetKey(rejection.round, rejection.team);
    // A refused save is not lost: its marks come back as unsaved edits.
    if (!this.drafts[key] && !this.outbox?.pendingFor(rejection.round, rejection.team)) {
      this.drafts[key] = {
        marks: rejection.marks,
        ...(rejection.comment !== undefined ? { comment: rejection.comment ?? '' } : {}),
        at: rejection.at,
      };
      this.persistDrafts();
    }
    if (rejection.code === 'SHEET_LOCKED') {
      this.locked[key] = true;
      this.lockedAt = this.live?.version ?? 0;
    }
    this.lastRejection = rejection;
    void this.refresh();
  }

  private addReceipt(r: ReceiptRecord): void {
    if (this.receipts.some((x) => x.seq === r.seq)) return;
    this.receipts = [r, ...this.receipts].sort((a, b) => b.seq - a.seq).slice(0, MAX_RECEIPTS);
    if (this.scope) writeJson(storageKey(this.scope, 'receipts'), $state.snapshot(this.receipts));
  }

  private persistDrafts(): void {
    if (this.scope) writeJson(storageKey(this.scope, 'drafts'), $state.snapshot(this.drafts));
  }

  teamName(team: string): string {
    return this.teams.find((t) => t.key === team)?.name ?? team;
  }

  roundTitle(round: string): string {
    return this.rounds.find((r) => r.key === round)?.title ?? round;
  }
}
