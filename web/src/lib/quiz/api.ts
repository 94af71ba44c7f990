/**
 * The calls of the knowledge round: the host's open / close / void and answers entered for a team,
 * the organizer's question bank (save, import, pictures), and a team's own link and answers.
 * JSON goes through $lib/api's `request`; files go as multipart/form-data.
 */
import type { QuizQuestion } from '$contract/package';
import type { RouteResponse } from '$contract/routes';
import { request, routeUrl } from '$lib/api';

export type ImportResult = RouteResponse<'POST /api/contests/:slug/quiz/:round/import'>;

export const quizApi = {
  /** Every question of a quiz round and where it stands (staff). */
  roundState: (slug: string, round: string) => request('GET /api/contests/:slug/quiz/:round', { params: { slug, round } }),
  open: (slug: string, round: string, key: string) =>
    request('POST /api/contests/:slug/quiz/:round/:question/open', { params: { slug, round, question: key } }),
  close: (slug: string, round: string, key: string) =>
    request('POST /api/contests/:slug/quiz/:round/:question/close', { params: { slug, round, question: key } }),
  void: (slug: string, round: string, key: string, reason: string) =>
    request('POST /api/contests/:slug/quiz/:round/:question/void', { params: { slug, round, question: key }, body: { reason } }),
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

  saveBank: (slug: string, round: string, questions: QuizQuestion[]) =>
    request('PUT /api/contests/:slug/quiz/:round/questions', { params: { slug, round }, body: { questions } }),
  importFile: (slug: string, round: string, file: File) =>
    request('POST /api/contests/:slug/quiz/:round/import', { params: { slug, round }, file }),
  uploadImage: (slug: string, round: string, key: string, file: File) =>
    request('PUT /api/contests/:slug/quiz/:round/:question/image', { params: { slug, round, question: key }, file }),
  imageUrl: (slug: string, round: string, key: string) =>
    routeUrl('GET /api/contests/:slug/quiz/:round/:question/image', { params: { slug, round, question: key } }),

  teamLogin: (token: string) => request('POST /api/team/login', { body: { token } }),
  /** Ends this device's team session (the team's other devices keep theirs). */
  teamLogout: () => request('POST /api/team/logout'),
  teamMe: (f?: typeof fetch) => request('GET /api/team/me', { fetch: f }),
};
