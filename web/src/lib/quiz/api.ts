/**
 * The calls of the knowledge round: the host's open / close / void and answers entered for a team,
 * the organizer's question bank (save, import, pictures), and a team's own link and answers.
 * JSON goes through $lib/api's `request`; files go as multipart/form-data.
 */
import type { ContestDetail } from '$contract/api';
import type { LiveQuestion } from '$contract/quiz';
import type { RouteResponse } from '$contract/routes';
import { enc, request, routeUrl, untypedRequest } from '$lib/api';

export type { LiveQuestion };
type QuizRoundOf<T> = T extends { kind: 'quiz' } ? T : never;
/** A quiz round of the contest package, with its questions and their answers (staff only). */
export type QuizRound = QuizRoundOf<ContestDetail['package']['rounds'][number]>;
export type BankQuestion = QuizRound['questions'][number];

/**
 * The state of a question on the server, as open / close / void answer it.
 * Its schema is still inline in the server's quiz routes; it moves to the contract.
 */
export interface QuestionState {
  questionId: number;
  openedAt: string;
  closesAt: string | null;
  closedAt: string | null;
  voidedAt: string | null;
  voidReason: string | null;
}

export type QuizAnswer = RouteResponse<'POST /api/contests/:slug/quiz/:round/:question/answers'>;

/** GET /api/team/me; its schema is still inline in the server's quiz routes. */
export interface TeamMe {
  team: { key: string; name: string; unit: string; status: string };
  contest: { slug: string; title: string };
  answers: { round: string; question: string; choice: number; answeredAt: string }[];
}

export type ImportResult = RouteResponse<'POST /api/contests/:slug/quiz/:round/import'>;
export type RoundState = RouteResponse<'GET /api/contests/:slug/quiz/:round'>;

const question = (slug: string, round: string, key: string) => `/api/contests/${enc(slug)}/quiz/${enc(round)}/${enc(key)}`;

export const quizApi = {
  /** Every question of a quiz round and where it stands (staff). */
  roundState: (slug: string, round: string) => request('GET /api/contests/:slug/quiz/:round', { params: { slug, round } }),
  open: (slug: string, round: string, key: string) => untypedRequest<QuestionState>('POST', `${question(slug, round, key)}/open`),
  close: (slug: string, round: string, key: string) =>
    untypedRequest<QuestionState>('POST', `${question(slug, round, key)}/close`),
  void: (slug: string, round: string, key: string, reason: string) =>
    untypedRequest<QuestionState>('POST', `${question(slug, round, key)}/void`, { json: { reason } }),
  /** The host enters the answer of a team that has no device. */
  answerFor: (slug: string, round: string, key: string, team: string, choice: number) =>
    request('POST /api/contests/:slug/quiz/:round/:question/answers', {
      params: { slug, round, question: key },
      body: { team, choice },
    }),
  /** Paper answers: the answers of several teams without a device, all recorded or none. */
  paperAnswers: (slug: string, round: string, key: string, answers: { team: string; choice: number }[]) =>
    request('PUT /api/contests/:slug/quiz/:round/:question/answers', {
      params: { slug, round, question: key },
      body: { answers },
    }),
  /** A team answers for itself, with its cookie. */
  answer: (slug: string, round: string, key: string, choice: number) =>
    request('POST /api/contests/:slug/quiz/:round/:question/answers', {
      params: { slug, round, question: key },
      body: { choice },
    }),

  saveBank: (slug: string, round: string, questions: BankQuestion[]) =>
    untypedRequest<{ count: number }>('PUT', `/api/contests/${enc(slug)}/quiz/${enc(round)}/questions`, { json: { questions } }),
  importFile: (slug: string, round: string, file: File) =>
    request('POST /api/contests/:slug/quiz/:round/import', { params: { slug, round }, file }),
  uploadImage: (slug: string, round: string, key: string, file: File) =>
    request('PUT /api/contests/:slug/quiz/:round/:question/image', { params: { slug, round, question: key }, file }),
  imageUrl: (slug: string, round: string, key: string) =>
    routeUrl('GET /api/contests/:slug/quiz/:round/:question/image', { params: { slug, round, question: key } }),

  teamLogin: (token: string) =>
    untypedRequest<{ team: { key: string; name: string }; contest: string }>('POST', '/api/team/login', { json: { token } }),
  /** Ends this device's team session (the team's other devices keep theirs). */
  teamLogout: () => request('POST /api/team/logout'),
  teamMe: (f?: typeof fetch) => untypedRequest<TeamMe>('GET', '/api/team/me', { fetch: f }),
};
