/**
 * The browser's side of the live hub (GET /api/contests/:slug/live): a snapshot, then updates.
 * Reconnects by itself with exponential backoff and full jitter, resumes with ?since=<seq>, and
 * says plainly when what it shows is not live (status !== 'live').
 *
 * It takes the `hoithi.delta` subprotocol: an update carries the scoreboard's changed rows, which
 * it applies to the board it holds, and the seq it follows. On a gap (an update that does not
 * follow the seq it holds) it resumes from its seq; on a delta it cannot apply (no board, or one
 * that does not fit) it takes a fresh snapshot.
 */
import { untrack } from 'svelte';
import type { Progress, Stage, Timer } from '$contract/judging';
import type { LiveMessage, LiveParts, LiveView } from '$contract/live';
import { applyScoreboardDelta, LIVE_DELTA_PROTOCOL } from '$contract/live-delta';
import { parseLiveMessage } from '$contract/live-message';
import type { LiveQuestion } from '$contract/quiz';
import type { ScoreboardBody } from '$contract/results';
import type { VotingSummary } from '$contract/votes';
import { request } from '$lib/api';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** The released result of the team on stage with each judge's total. */
export type LiveResult = NonNullable<LiveParts['result']>;

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

export class LiveClient {
  status = $state<LiveStatus>('connecting');
  view = $state<LiveView | null>(null);
  scoreboard = $state<ScoreboardBody | null>(null);
  stage = $state<Stage | null>(null);
  progress = $state<Progress | null>(null);
  /** The quiz question last opened (sealed while open: no answer, no counts). */
  quiz = $state.raw<LiveQuestion | null>(null);
  /** Staff sockets: the teams that answered the current question. */
  quizAnswered = $state.raw<string[] | null>(null);
  /** Staff sockets: whether audience voting is open, and the votes per team. */
  votes = $state.raw<VotingSummary | null>(null);
  /** The released result of the team on stage with each judge's total, when the organizer shows them. */
  result = $state<LiveResult | null>(null);
  /** Judges' sockets: the team-rounds locked by the host. */
  locks = $state<{ round: string; team: string }[] | null>(null);
  seq = $state<number | null>(null);
  /** Server clock minus this clock, in ms, so countdowns agree across screens. */
  clockOffset = $state(0);
  /** Bumped on every message, for screens that animate on change. */
  version = $state(0);

  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** The next socket asks for a snapshot rather than resuming from `seq`. */
  private fresh = false;

  constructor(private readonly slug: string) {}

  start(): void {
    // Called from components' effects: reading `seq` here must not make the effect depend on it,
    // or every message would stop and reopen the socket.
    untrack(() => {
      this.stopped = false;
      void this.syncClock();
      this.open();
    });
    window.addEventListener('online', this.onOnline);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    window.removeEventListener('online', this.onOnline);
    this.socket?.close(1000);
    this.socket = null;
    this.status = 'closed';
  }

  /** Milliseconds left on a timer, by the server's clock. */
  remaining(timer: Timer, now = Date.now()): number | null {
    if (timer.endsAt) return Math.max(0, Date.parse(timer.endsAt) - (now + this.clockOffset));
    return timer.remainingMs;
  }

  private onOnline = () => {
    // The network is back: do not wait for the backoff. A socket still connecting will open or
    // close by itself (and then retry), so it is left alone: never two sockets at once.
    if (this.status !== 'live' && !this.stopped && this.socket === null) {
      if (this.timer) clearTimeout(this.timer);
      this.open();
    }
  };

  private async syncClock(): Promise<void> {
    try {
      const t0 = Date.now();
      const { now } = await request('GET /api/time');
      const t1 = Date.now();
      this.clockOffset = now - (t0 + t1) / 2;
    } catch {
      // Keep the local clock; the countdown may be off by the clock difference.
    }
  }

  private open(): void {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const since = this.seq === null || this.fresh ? '' : `?since=${this.seq}`;
    this.fresh = false;
    // A socket it replaces is closed, and whatever it still delivers is ignored.
    this.socket?.close(1000);
    const socket = new WebSocket(
      `${proto}//${location.host}/api/contests/${encodeURIComponent(this.slug)}/live${since}`,
      LIVE_DELTA_PROTOCOL,
    );
    this.socket = socket;
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      // A frame that is not a live message (garbled, foreign) is dropped.
      const msg = parseLiveMessage(event.data);
      if (msg === null) return;
      if (!this.apply(msg)) return;
      this.attempt = 0;
      this.status = 'live';
    };
    socket.onopen = () => {
      if (this.socket !== socket) return;
      // Resuming with nothing missed sends no message: the socket being open is the signal.
      if (this.seq !== null) {
        this.attempt = 0;
        this.status = 'live';
      }
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      if (event.code === 4404) {
        // The contest is gone: stay stopped, whatever the network does.
        this.stopped = true;
        window.removeEventListener('online', this.onOnline);
        this.status = 'closed';
        return;
      }
      this.status = 'reconnecting';
      const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.attempt);
      this.attempt += 1;
      this.timer = setTimeout(() => this.open(), Math.random() * ceiling);
    };
  }

  /**
   * Leaves this socket for a new one: resuming from the seq held (a gap), or from a snapshot (a
   * delta that cannot be applied). At once the first time, then with the backoff, so a server
   * that keeps sending what cannot be applied is not hammered.
   */
  private resync(snapshot: boolean): void {
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
    this.fresh = snapshot;
    this.status = 'reconnecting';
    const ceiling = this.attempt === 0 ? 0 : Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(() => this.open(), Math.random() * ceiling);
  }

  /** Applies a message; false when it could not be (a gap, a delta that does not fit) and a resync began. */
  private apply(msg: LiveMessage): boolean {
    let board: ScoreboardBody | null = null;
    if (msg.type === 'update') {
      if (msg.after !== undefined && msg.after !== this.seq) {
        this.resync(this.seq === null);
        return false;
      }
      if (msg.scoreboardDelta !== undefined) {
        board = this.scoreboard && applyScoreboardDelta(this.scoreboard, msg.scoreboardDelta);
        if (!board) {
          this.resync(true);
          return false;
        }
      }
    }
    if (msg.type === 'snapshot') {
      this.view = msg.view ?? null;
      this.scoreboard = msg.scoreboard ?? null;
      this.stage = msg.stage ?? null;
      this.progress = msg.progress ?? null;
      this.quiz = msg.quiz ?? null;
      this.quizAnswered = msg.quizAnswered ?? null;
      this.votes = msg.votes ?? null;
      this.locks = msg.locks ?? null;
      this.result = msg.result ?? null;
    } else {
      if (msg.scoreboard !== undefined) this.scoreboard = msg.scoreboard;
      if (board) this.scoreboard = board;
      if (msg.stage !== undefined) this.stage = msg.stage;
      if (msg.progress !== undefined) this.progress = msg.progress;
      if (msg.quiz !== undefined) this.quiz = msg.quiz;
      if (msg.quizAnswered !== undefined) this.quizAnswered = msg.quizAnswered;
      if (msg.votes !== undefined) this.votes = msg.votes;
      if (msg.locks !== undefined) this.locks = msg.locks;
      if (msg.result !== undefined) this.result = msg.result;
    }
    this.seq = msg.seq;
    this.version += 1;
    return true;
  }
}
