/**
 * The calls of the knowledge round: the host's open / close / void and answers entered for a team,
 * the organizer's question bank (save, import, pictures), and a team's own link and answers.
 * JSON goes through $lib/api's `request`; files go as multipart/form-data.
 */
import type { ContestDetail } from '$contract/api';
import type { LiveQuestion } from '$contract/quiz';
import { enc, request, upload } from '$lib/api';

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
  /** Paper answers: the answers of several teams without a device, all recorded or none. */
  paperAnswers: (slug: string, round: string, key: string, answers: { team: string; choice: number }[]) =>
    request<{ question: string; answers: (Omit<QuizAnswer, 'question'> & { added: boolean })[] }>(
      'PUT',
      `${question(slug, round, key)}/answers`,
      { json: { answers } },
    ),
  /** A team answers for itself, with its cookie. */
  answer: (slug: string, round: string, key: string, choice: number) =>
    request<QuizAnswer>('POST', `${question(slug, round, key)}/answers`, { json: { choice } }),

  saveBank: (slug: string, round: string, questions: BankQuestion[]) =>
    request<{ count: number }>('PUT', `${quiz(slug, round)}/questions`, { json: { questions } }),
  importFile: (slug: string, round: string, file: File) => upload<ImportResult>('POST', `${quiz(slug, round)}/import`, file),
  uploadImage: (slug: string, round: string, key: string, file: File) =>
    upload<void>('PUT', `${question(slug, round, key)}/image`, file),
  imageUrl: (slug: string, round: string, key: string) => `${question(slug, round, key)}/image`,

  teamLogin: (token: string) =>
    request<{ team: { key: string; name: string }; contest: string }>('POST', '/api/team/login', { json: { token } }),
  /** Ends this device's team session (the team's other devices keep theirs). */
  teamLogout: () => request<void>('POST', '/api/team/logout'),
  teamMe: (f?: typeof fetch) => request<TeamMe>('GET', '/api/team/me', { fetch: f }),
};
