/**
 * The organizer's question bank of one quiz round, as a draft: add, edit, delete, reorder, then
 * "Save" sends the whole list (PUT .../quiz/:round/questions). The server's errors come back with
 * paths such as `questions.3.answer` and are placed beside that question's field.
 */
import type { QuizQuestion, QuizRound } from '$contract/package';
import { ApiError } from '$lib/api';
import type { Messages } from '$lib/i18n/vi';
import { quizApi } from './api';

export interface Draft {
  /** A local id: stays with the question when it moves. */
  uid: number;
  key: string;
  text: string;
  choices: string[];
  answer: number;
  /** As typed: "10", "0,5". */
  points: string;
  /** Seconds as typed; empty: the round's time. */
  time: string;
  /** The question exists on the server (a picture can be attached). */
  saved: boolean;
}

export type ImportMode = 'replace' | 'append';

let nextUid = 1;

export const MAX_CHOICES = 6;
export const MIN_CHOICES = 2;

/** "0,5" or "0.5" → 0.5; NaN when it is not a number. */
export function parseNumber(text: string): number {
  const s = text.trim().replace(',', '.');
  return s === '' || !/^\d+(\.\d+)?$/.test(s) ? NaN : Number(s);
}

/** A number as typed in the reader's language: 0,5 in Vietnamese. */
function typed(n: number, decimalComma: boolean): string {
  const s = String(n);
  return decimalComma ? s.replace('.', ',') : s;
}

/** Removes the "questions.3.answer: " the server puts before a message that names a field. */
function bare(message: string, path: string): string {
  return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}

export class BankEditor {
  readonly slug: string;
  readonly round: string;
  items = $state<Draft[]>([]);
  /** The uids whose editor is open. */
  expanded = $state<Record<number, boolean>>({});
  /** Errors by `uid` (the whole question) or `uid.field`. */
  errors = $state<Record<string, string>>({});
  saving = $state(false);
  failure = $state<unknown>(null);
  /** What the last save did, for the notice. */
  done = $state<{ count: number; imported: boolean } | null>(null);
  #savedJson = $state('');

  constructor(slug: string, round: QuizRound, decimalComma: boolean) {
    this.slug = slug;
    this.round = round.key;
    this.items = round.questions.map((q) => this.draft(q, true, decimalComma));
    this.#savedJson = JSON.stringify(this.items.map(this.plain));
  }

  private draft(q: QuizQuestion, saved: boolean, decimalComma: boolean): Draft {
    return {
      uid: nextUid++,
      key: q.key,
      text: q.text,
      choices: [...q.choices],
      answer: q.answer,
      points: typed(q.points, decimalComma),
      time: q.timeLimitSec === undefined ? '' : String(q.timeLimitSec),
      saved,
    };
  }

  private plain = (d: Draft) => [d.key, d.text, d.choices, d.answer, d.points.trim(), d.time.trim()];

  get dirty(): boolean {
    return JSON.stringify(this.items.map(this.plain)) !== this.#savedJson;
  }

  /** A key no question of the list has: c1, c2, … after the highest one. */
  private freshKey(taken: readonly string[]): string {
    let n = 0;
    for (const key of taken) {
      const m = /^c(\d+)$/.exec(key);
      if (m) n = Math.max(n, Number(m[1]));
    }
    let key = `c${n + 1}`;
    while (taken.includes(key)) key = `c${++n + 1}`;
    return key;
  }

  add(): Draft {
    const d: Draft = {
      uid: nextUid++,
      key: this.freshKey(this.items.map((q) => q.key)),
      text: '',
      choices: ['', '', '', ''],
      answer: 0,
      points: '10',
      time: '',
      saved: false,
    };
    this.items.push(d);
    this.expanded[d.uid] = true;
    this.done = null;
    return d;
  }

  remove(uid: number): void {
    this.items = this.items.filter((d) => d.uid !== uid);
    this.clearErrors(uid);
    this.done = null;
  }

  move(uid: number, dir: -1 | 1): void {
    const i = this.items.findIndex((d) => d.uid === uid);
    const j = i + dir;
    if (i < 0 || j < 0 || j >= this.items.length) return;
    const list = [...this.items];
    [list[i], list[j]] = [list[j]!, list[i]!];
    this.items = list;
    this.done = null;
  }

  addChoice(d: Draft): void {
    if (d.choices.length < MAX_CHOICES) d.choices.push('');
  }

  removeChoice(d: Draft, index: number): void {
    if (d.choices.length <= MIN_CHOICES) return;
    d.choices.splice(index, 1);
    if (d.answer === index) d.answer = 0;
    else if (d.answer > index) d.answer -= 1;
  }

  toggle(uid: number): void {
    this.expanded[uid] = !this.expanded[uid];
  }

  error(uid: number, field?: string): string | undefined {
    return this.errors[field ? `${uid}.${field}` : String(uid)];
  }

  hasErrors(uid: number): boolean {
    const prefix = `${uid}.`;
    return Object.keys(this.errors).some((k) => k === String(uid) || k.startsWith(prefix));
  }

  clearErrors(uid: number, field?: string): void {
    const keys = Object.keys(this.errors).filter((k) =>
      field ? k === `${uid}.${field}` : k === String(uid) || k.startsWith(`${uid}.`),
    );
    for (const k of keys) delete this.errors[k];
  }

  /** Takes the questions of an imported file into the list. */
  applyImport(questions: QuizQuestion[], mode: ImportMode, decimalComma: boolean): void {
    const drafts = questions.map((q) => this.draft(q, false, decimalComma));
    if (mode === 'replace') {
      // A question that keeps its key stays the same question on the server (and keeps its picture).
      const old = this.items.map((d) => d.key);
      for (const d of drafts) d.saved = old.includes(d.key);
      this.items = drafts;
    } else {
      const taken = this.items.map((d) => d.key);
      for (const d of drafts) {
        d.key = this.freshKey(taken);
        taken.push(d.key);
      }
      this.items = [...this.items, ...drafts];
    }
    this.errors = {};
    this.expanded = {};
  }

  /** The list as the API takes it, or null when a number does not read (the errors say where). */
  private questions(t: Messages): QuizQuestion[] | null {
    const errors: Record<string, string> = {};
    const out = this.items.map((d) => {
      const points = parseNumber(d.points);
      if (Number.isNaN(points)) errors[`${d.uid}.points`] = t.quiz.bank.notNumber;
      const time = d.time.trim();
      const seconds = time === '' ? undefined : /^\d+$/.test(time) ? Number(time) : NaN;
      if (Number.isNaN(seconds)) errors[`${d.uid}.timeLimitSec`] = t.quiz.bank.notWhole;
      return {
        key: d.key,
        text: d.text,
        choices: d.choices.map((c) => c.trim()),
        answer: d.answer,
        points,
        ...(seconds === undefined ? {} : { timeLimitSec: seconds }),
      };
    });
    this.errors = errors;
    if (Object.keys(errors).length) {
      for (const k of Object.keys(errors)) this.expanded[Number(k.split('.')[0])] = true;
      return null;
    }
    return out;
  }

  async save(t: Messages, imported = false): Promise<boolean> {
    if (this.saving) return false;
    this.failure = null;
    this.done = null;
    const questions = this.questions(t);
    if (!questions) {
      // The errors beside the fields say what to fix.
      this.failure = 'invalid';
      return false;
    }
    const sent = [...this.items];
    this.saving = true;
    try {
      const { count } = await quizApi.saveBank(this.slug, this.round, questions);
      for (const d of this.items) d.saved = true;
      this.#savedJson = JSON.stringify(this.items.map(this.plain));
      this.errors = {};
      this.done = { count, imported };
      return true;
    } catch (err) {
      this.failure = err;
      if (err instanceof ApiError) this.place(err, sent);
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** Puts each `questions.N.field` error beside the field of the question that was N-th when sent. */
  private place(err: ApiError, sent: Draft[]): void {
    const errors: Record<string, string> = {};
    const put = (path: string, message: string) => {
      const m = /^questions\.(\d+)(?:\.([A-Za-z]+))?/.exec(path);
      const d = m ? sent[Number(m[1])] : undefined;
      if (!m || !d) return;
      const id = m[2] ? `${d.uid}.${m[2]}` : String(d.uid);
      errors[id] ??= bare(message, path);
      this.expanded[d.uid] = true;
    };
    if (err.issues.length) for (const issue of err.issues) put(issue.path, issue.message);
    else if (err.path) put(err.path, err.message);
    this.errors = errors;
  }
}
