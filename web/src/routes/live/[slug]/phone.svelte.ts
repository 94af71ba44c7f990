/**
 * The audience phone's state: this device's vote for the audience prize (one per device, the
 * server remembers it by an HttpOnly cookie), and the short announcements read out to screen
 * reader users when the team on stage changes or the time runs low.
 */
import { ApiError } from '$lib/api';
import { stageApi } from '$lib/stage/api';
import type { TimerLevel } from '$lib/stage/format';

export class PhoneVote {
  /** The team this device voted for; undefined until the server has said. */
  mine = $state<string | null | undefined>(undefined);
  /** The team the reader picked and is asked to confirm. */
  choosing = $state<string | null>(null);
  sending = $state(false);
  failure = $state<unknown>(null);
  justVoted = $state(false);

  constructor(
    private readonly slug: string,
    /** The printed ticket's code (from the QR code's ?ve=), for ticket mode. */
    private readonly ticket?: string,
  ) {}

  async load(): Promise<void> {
    try {
      this.mine = (await stageApi.myVote(this.slug, this.ticket)).team;
    } catch (err) {
      this.mine = null;
      this.failure = err;
    }
  }

  choose(team: string | null): void {
    this.choosing = team;
    this.failure = null;
  }

  async confirm(): Promise<void> {
    const team = this.choosing;
    if (!team || this.sending) return;
    this.sending = true;
    this.failure = null;
    try {
      this.mine = (await stageApi.vote(this.slug, team, this.ticket)).team;
      this.justVoted = true;
      this.choosing = null;
    } catch (err) {
      this.failure = err;
      // A second vote: show the vote this device already gave.
      if (err instanceof ApiError && err.status === 409) {
        this.choosing = null;
        await this.load();
      }
    } finally {
      this.sending = false;
    }
  }
}

/** What changed on stage, worded once for an aria-live region (the countdown itself is silent). */
export class StageAnnouncer {
  text = $state('');
  #team: string | null | undefined = undefined;
  #level: TimerLevel | undefined = undefined;

  observe(
    team: { key: string; name: string } | null,
    level: TimerLevel,
    words: { stage: (n: string) => string; warn: string; over: string },
  ) {
    const key = team?.key ?? null;
    if (this.#team !== undefined && key !== this.#team && team) this.text = words.stage(team.name);
    else if (this.#level !== undefined && key === this.#team && level !== this.#level) {
      if (level === 'warn' && this.#level === 'ok') this.text = words.warn;
      if (level === 'over' && this.#level === 'warn') this.text = words.over;
    }
    this.#team = key;
    this.#level = level;
  }
}
