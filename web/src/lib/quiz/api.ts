/**
 * The calls of the knowledge round: the host's open / close / void and answers entered for a team,
 * the organizer's question bank (save, import, pictures), and a team's own link and answers.
 * JSON goes through $lib/api's `request`; files go as multipart/form-data.
 */
import type { ContestDetail } from '$contract/api';
import type { LiveQuestion } from '$contract/quiz';
import { ApiError, enc, request, type Issue } from '$lib/api';

export type { LiveQuestion };
type QuizRoundOf<T> = T extends { kind: 'quiz' } ? T : never;
/** A quiz round of the contest package, with its questions and their answers (staff only). */
export type QuizRound = QuizRoundOf<ContestDetail['package']['rounds'][number]>;
export type BankQuestion = QuizRound['questions'][number];

/** The state of a question on the server, as open / close / void answer it. */
export interface QuestionState {
  questionId: number;
  openedAt: string;
  closesAt: string | null;
  closedAt: string | null;
  voidedAt: string | null;
  voidReason: string | null;
}

export interface QuizAnswer {
  question: string;
  team: string;
  choice: number;
  answeredAt: string;
}

export interface TeamMe {
  team: { key: string; name: string; unit: string; status: string };
  contest: { slug: string; title: string };
  answers: { round: string; question: string; choice: number; answeredAt: string }[];
}

export interface ImportResult {
  questions: BankQuestion[];
  errors: { row: number; field: string; message: string }[];
}

const quiz = (slug: string, round: string) => `/api/contests/${enc(slug)}/quiz/${enc(round)}`;
const question = (slug: string, round: string, key: string) => `${quiz(slug, round)}/${enc(key)}`;

/** Reads an error body defensively, as $lib/api does for JSON calls. */
async function readError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return new ApiError(res.status, 'UNEXPECTED', res.statusText);
  const e = error as Record<string, unknown>;
  const issues = Array.isArray(e['issues']) ? (e['issues'] as Issue[]) : [];
  return new ApiError(
    res.status,
    typeof e['code'] === 'string' ? e['code'] : 'UNEXPECTED',
    typeof e['message'] === 'string' ? e['message'] : '',
    typeof e['path'] === 'string' ? e['path'] : undefined,
    issues,
  );
}

/** One file sent as multipart/form-data (field "file"). */
async function sendFile<T>(method: string, url: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(url, { method, body: form, credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  if (!res.ok) throw await readError(res);
  if (res.status === 204) return undefined as T;
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError(res.status, 'UNEXPECTED', '');
  }
}

export interface RoundState {
  round: string;
  questions: {
    key: string;
    state: 'ready' | 'open' | 'closed' | 'voided';
    openedAt: string | null;
    closesAt: string | null;
    closedAt: string | null;
    voidReason: string | null;
    hasImage: boolean;
    answered: number;
  }[];
}

export const quizApi = {
  /** Every question of a quiz round and where it stands (staff). */
  roundState: (slug: string, round: string) => request<RoundState>('GET', `/api/contests/${enc(slug)}/quiz/${enc(round)}`),
  open: (slug: string, round: string, key: string) => request<QuestionState>('POST', `${question(slug, round, key)}/open`),
  close: (slug: string, round: string, key: string) => request<QuestionState>('POST', `${question(slug, round, key)}/close`),
  void: (slug: string, round: string, key: string, reason: string) =>
    request<QuestionState>('POST', `${question(slug, round, key)}/void`, { json: { reason } }),
  /** The host enters the answer of a team that has no device. */
  answerFor: (slug: string, round: string, key: string, team: string, choice: number) =>
    request<QuizAnswer>('POST', `${question(slug, round, key)}/answers`, { json: { team, choice } }),
  /** A team answers for itself, with its cookie. */
  answer: (slug: string, round: string, key: string, choice: number) =>
    request<QuizAnswer>('POST', `${question(slug, round, key)}/answers`, { json: { choice } }),

  saveBank: (slug: string, round: string, questions: BankQuestion[]) =>
    request<{ count: number }>('PUT', `${quiz(slug, round)}/questions`, { json: { questions } }),
  importFile: (slug: string, round: string, file: File) => sendFile<ImportResult>('POST', `${quiz(slug, round)}/import`, file),
  uploadImage: (slug: string, round: string, key: string, file: File) =>
    sendFile<void>('PUT', `${question(slug, round, key)}/image`, file),
  imageUrl: (slug: string, round: string, key: string) => `${question(slug, round, key)}/image`,

  teamLogin: (token: string) =>
    request<{ team: { key: string; name: string }; contest: string }>('POST', '/api/team/login', { json: { token } }),
  teamMe: (f?: typeof fetch) => request<TeamMe>('GET', '/api/team/me', { fetch: f }),
};
