/**
 * The HTTP routes the web app calls, keyed `METHOD /path/:param` as the server registers them, with
 * the contract's schemas of their parts. The server registers these very schemas
 * (tests/api/routes.test.ts checks it); the web app reads only the types (`RouteKey`,
 * `RouteResponse` …), so no zod reaches the browser.
 */
import type { z } from 'zod';
import {
  contestCreatedSchema,
  contestDetailSchema,
  contestListSchema,
  contestSettingsSchema,
  loginBodySchema,
  meSchema,
  packageDownloadQuerySchema,
  packageEditBodySchema,
  passwordChangeSchema,
  publicContestSchema,
  slugParamsSchema,
  teamParamsSchema,
  withdrawnTeamSchema,
} from './api.js';
import {
  conflictsBodySchema,
  judgeConflictsSchema,
  judgeLinkSchema,
  judgeLinksSchema,
  judgeLoginBodySchema,
  judgeLoginSchema,
  judgeMeSchema,
  judgeParamsSchema,
  judgeSheetsSchema,
  linkActionBodySchema,
  progressSchema,
  roundParamsSchema,
  sceneBodySchema,
  serverTimeSchema,
  sheetBodySchema,
  sheetParamsSchema,
  sheetResultSchema,
  stageBodySchema,
  stageSchema,
  timerBodySchema,
} from './judging.js';
import { contestPackageSchema } from './package.js';
import {
  importResultSchema,
  paperAnswersBodySchema,
  paperAnswersResultSchema,
  questionBankBodySchema,
  questionCountSchema,
  questionStateSchema,
  quizAnswerBodySchema,
  quizAnswerSchema,
  quizParamsSchema,
  quizRoundParamsSchema,
  quizRoundStateSchema,
  teamLoginBodySchema,
  teamLoginSchema,
  teamMeSchema,
  voidBodySchema,
} from './quiz.js';
import {
  drawBodySchema,
  drawSchema,
  importedTeamsSchema,
  importedUnitsSchema,
  oneRegistrationSchema,
  orderBodySchema,
  registeredSchema,
  registrationContestSchema,
  registrationListQuerySchema,
  registrationListSchema,
  rejectAddressBodySchema,
  rejectBodySchema,
  rejectedAddressSchema,
  teamEditSchema,
  teamRegistrationSchema,
} from './registration.js';
import {
  cellLockSchema,
  cellParamsSchema,
  certificateParamsSchema,
  certificateSchema,
  frozenSchema,
  lockBodySchema,
  policyBodySchema,
  policySchema,
  prizeParamsSchema,
  resultsSchema,
  revealCheckSchema,
  revealNextBodySchema,
  revealStateSchema,
  roundLockResultSchema,
  scoreboardSchema,
  specialAwardBodySchema,
  specialAwardSchema,
  toleranceQuerySchema,
  unfrozenSchema,
  unlockBodySchema,
  unlockResultSchema,
  whatIfQuerySchema,
  whatIfSchema,
} from './results.js';
import {
  castVoteSchema,
  myVoteQuerySchema,
  myVoteSchema,
  ticketBatchBodySchema,
  ticketListSchema,
  ticketModeBodySchema,
  voidVotesSchema,
  voteAddressesSchema,
  voteBodySchema,
  votingSummarySchema,
  voidBodySchema as voteVoidBodySchema,
} from './votes.js';

/** What a route's entry may say. */
export interface RouteSpec {
  params?: z.ZodType;
  query?: z.ZodType;
  /** A JSON body. */
  body?: z.ZodType;
  /**
   * A multipart/form-data body: `file` is one file in the field "file" (imports, pictures); `form`
   * is a form the caller builds (the registration form with its attachment).
   */
  multipart?: 'file' | 'form';
  /** The success status: 200 unless said. */
  status?: 200 | 201 | 204;
  /** The JSON answer of the success status; `null` for a 204 without a body; `'file'` for a download. */
  response: z.ZodType | null | 'file';
}

export const routes = {
  'GET /api/auth/me': { response: meSchema },
  'POST /api/auth/login': { body: loginBodySchema, response: meSchema },
  'POST /api/auth/logout': { status: 204, response: null },
  'POST /api/auth/password': { body: passwordChangeSchema, response: meSchema },

  'GET /api/schema/contest.json': { response: 'file' },
  'GET /api/backup': { response: 'file' },

  'GET /api/contests': { response: contestListSchema },
  'POST /api/contests': { body: contestPackageSchema, status: 201, response: contestCreatedSchema },
  'GET /api/contests/:slug': { params: slugParamsSchema, response: contestDetailSchema },
  'DELETE /api/contests/:slug': { params: slugParamsSchema, status: 204, response: null },
  'GET /api/contests/:slug/public': { params: slugParamsSchema, response: publicContestSchema },
  'GET /api/contests/:slug/settings': { params: slugParamsSchema, response: contestSettingsSchema },
  'PUT /api/contests/:slug/settings': { params: slugParamsSchema, body: contestSettingsSchema, response: contestSettingsSchema },
  'GET /api/contests/:slug/package': {
    params: slugParamsSchema,
    query: packageDownloadQuerySchema,
    response: contestPackageSchema,
  },
  'PUT /api/contests/:slug/package': { params: slugParamsSchema, body: packageEditBodySchema, response: contestDetailSchema },

  'GET /api/judge/me': { response: judgeMeSchema },
  'POST /api/judge/login': { body: judgeLoginBodySchema, response: judgeLoginSchema },
  'GET /api/judge/sheets': { response: judgeSheetsSchema },
  'POST /api/judge/logout': { status: 204, response: null },
  'PUT /api/contests/:slug/sheets/:round/:team': {
    params: sheetParamsSchema,
    body: sheetBodySchema,
    response: sheetResultSchema,
  },
  'GET /api/contests/:slug/judges': { params: slugParamsSchema, response: judgeLinksSchema },
  'POST /api/contests/:slug/judges/:judge/link': {
    params: judgeParamsSchema,
    body: linkActionBodySchema,
    response: judgeLinkSchema,
  },
  'PUT /api/contests/:slug/judges/:judge/conflicts': {
    params: judgeParamsSchema,
    body: conflictsBodySchema,
    response: judgeConflictsSchema,
  },

  'GET /api/contests/:slug/quiz/:round': { params: quizRoundParamsSchema, response: quizRoundStateSchema },
  'POST /api/contests/:slug/quiz/:round/:question/open': { params: quizParamsSchema, response: questionStateSchema },
  'POST /api/contests/:slug/quiz/:round/:question/close': { params: quizParamsSchema, response: questionStateSchema },
  'POST /api/contests/:slug/quiz/:round/:question/void': {
    params: quizParamsSchema,
    body: voidBodySchema,
    response: questionStateSchema,
  },
  'PUT /api/contests/:slug/quiz/:round/questions': {
    params: quizRoundParamsSchema,
    body: questionBankBodySchema,
    response: questionCountSchema,
  },
  'POST /api/contests/:slug/quiz/:round/:question/answers': {
    params: quizParamsSchema,
    body: quizAnswerBodySchema,
    response: quizAnswerSchema,
  },
  'PUT /api/contests/:slug/quiz/:round/:question/answers': {
    params: quizParamsSchema,
    body: paperAnswersBodySchema,
    response: paperAnswersResultSchema,
  },
  'POST /api/contests/:slug/quiz/:round/import': {
    params: quizRoundParamsSchema,
    multipart: 'file',
    response: importResultSchema,
  },
  'PUT /api/contests/:slug/quiz/:round/:question/image': {
    params: quizParamsSchema,
    multipart: 'file',
    status: 204,
    response: null,
  },
  'GET /api/contests/:slug/quiz/:round/:question/image': { params: quizParamsSchema, response: 'file' },
  'POST /api/team/logout': { status: 204, response: null },
  'POST /api/team/login': { body: teamLoginBodySchema, response: teamLoginSchema },
  'GET /api/team/me': { response: teamMeSchema },

  'GET /api/contests/:slug/registration': { params: slugParamsSchema, response: registrationContestSchema },
  'POST /api/contests/:slug/registrations': {
    params: slugParamsSchema,
    multipart: 'form',
    status: 201,
    response: registeredSchema,
  },
  'GET /api/team/registration': { response: teamRegistrationSchema },
  'PUT /api/team/registration': { multipart: 'form', response: teamRegistrationSchema },
  'GET /api/team/registration/attachment': { response: 'file' },
  'GET /api/contests/:slug/registrations': {
    params: slugParamsSchema,
    query: registrationListQuerySchema,
    response: registrationListSchema,
  },
  'GET /api/contests/:slug/draw': { params: slugParamsSchema, response: drawSchema },
  'POST /api/contests/:slug/draw': { params: slugParamsSchema, body: drawBodySchema, response: drawSchema },
  'PUT /api/contests/:slug/order': { params: slugParamsSchema, body: orderBodySchema, response: drawSchema },
  'POST /api/contests/:slug/teams/import': { params: slugParamsSchema, multipart: 'file', response: importedTeamsSchema },
  'POST /api/units/import': { multipart: 'file', response: importedUnitsSchema },
  'POST /api/contests/:slug/teams/:team/approve': { params: teamParamsSchema, response: oneRegistrationSchema },
  'POST /api/contests/:slug/teams/:team/reject': {
    params: teamParamsSchema,
    body: rejectBodySchema,
    response: oneRegistrationSchema,
  },
  'PUT /api/contests/:slug/teams/:team': { params: teamParamsSchema, body: teamEditSchema, response: oneRegistrationSchema },
  'POST /api/contests/:slug/teams/:team/link': { params: teamParamsSchema, response: oneRegistrationSchema },
  'POST /api/contests/:slug/teams/:team/withdraw': { params: teamParamsSchema, response: withdrawnTeamSchema },
  'GET /api/contests/:slug/teams/:team/attachment': { params: teamParamsSchema, response: 'file' },
  'POST /api/contests/:slug/registrations/reject-address': {
    params: slugParamsSchema,
    body: rejectAddressBodySchema,
    response: rejectedAddressSchema,
  },

  'PUT /api/contests/:slug/policy': { params: slugParamsSchema, body: policyBodySchema, response: policySchema },
  'GET /api/contests/:slug/results': { params: slugParamsSchema, query: toleranceQuerySchema, response: resultsSchema },
  'GET /api/contests/:slug/what-if': { params: slugParamsSchema, query: whatIfQuerySchema, response: whatIfSchema },
  'POST /api/contests/:slug/prizes/:prize/awards': {
    params: prizeParamsSchema,
    body: specialAwardBodySchema,
    status: 201,
    response: specialAwardSchema,
  },
  'GET /api/certificates/:serial': { params: certificateParamsSchema, response: certificateSchema },
  'GET /api/contests/:slug/results.csv': { params: slugParamsSchema, response: 'file' },
  'GET /api/contests/:slug/results.xlsx': { params: slugParamsSchema, response: 'file' },
  'GET /api/contests/:slug/results.pdf': { params: slugParamsSchema, response: 'file' },
  'GET /api/contests/:slug/score-sheets.pdf': { params: slugParamsSchema, response: 'file' },
  'GET /api/contests/:slug/certificates.pdf': { params: slugParamsSchema, response: 'file' },

  'GET /api/contests/:slug/scoreboard': { params: slugParamsSchema, response: scoreboardSchema },
  'GET /api/contests/:slug/stage': { params: slugParamsSchema, response: stageSchema },
  'POST /api/contests/:slug/stage': { params: slugParamsSchema, body: stageBodySchema, response: stageSchema },
  'POST /api/contests/:slug/scene': { params: slugParamsSchema, body: sceneBodySchema, response: stageSchema },
  'POST /api/contests/:slug/timer': { params: slugParamsSchema, body: timerBodySchema, response: stageSchema },
  'GET /api/contests/:slug/reveal/check': { params: slugParamsSchema, response: revealCheckSchema },
  'POST /api/contests/:slug/reveal/next': { params: slugParamsSchema, body: revealNextBodySchema, response: revealStateSchema },
  'GET /api/contests/:slug/rounds/:round/progress': { params: roundParamsSchema, response: progressSchema },
  'POST /api/contests/:slug/rounds/:round/teams/:team/lock': {
    params: cellParamsSchema,
    body: lockBodySchema,
    response: cellLockSchema,
  },
  'POST /api/contests/:slug/rounds/:round/lock': {
    params: roundParamsSchema,
    body: lockBodySchema,
    response: roundLockResultSchema,
  },
  'POST /api/contests/:slug/rounds/:round/teams/:team/unlock': {
    params: cellParamsSchema,
    body: unlockBodySchema,
    response: unlockResultSchema,
  },
  'POST /api/contests/:slug/freeze': { params: slugParamsSchema, response: frozenSchema },
  'POST /api/contests/:slug/unfreeze': { params: slugParamsSchema, response: unfrozenSchema },
  'GET /api/time': { response: serverTimeSchema },

  'GET /api/contests/:slug/votes': { params: slugParamsSchema, response: votingSummarySchema },
  'POST /api/contests/:slug/votes/open': { params: slugParamsSchema, response: votingSummarySchema },
  'POST /api/contests/:slug/votes/close': { params: slugParamsSchema, response: votingSummarySchema },
  'GET /api/contests/:slug/votes/addresses': { params: slugParamsSchema, response: voteAddressesSchema },
  'PUT /api/contests/:slug/votes/mode': { params: slugParamsSchema, body: ticketModeBodySchema, response: votingSummarySchema },
  'GET /api/contests/:slug/votes/tickets': { params: slugParamsSchema, response: ticketListSchema },
  'POST /api/contests/:slug/votes/tickets': { params: slugParamsSchema, body: ticketBatchBodySchema, response: ticketListSchema },
  'GET /api/contests/:slug/votes/me': { params: slugParamsSchema, query: myVoteQuerySchema, response: myVoteSchema },
  'POST /api/contests/:slug/votes': { params: slugParamsSchema, body: voteBodySchema, response: castVoteSchema },
  'POST /api/contests/:slug/votes/void': { params: slugParamsSchema, body: voteVoidBodySchema, response: voidVotesSchema },
} as const satisfies Record<string, RouteSpec>;

export type Routes = typeof routes;
export type RouteKey = keyof Routes;

type Spec<K extends RouteKey> = Routes[K];
type Has<K extends RouteKey, P extends string> = P extends keyof Spec<K> ? true : false;

/** The path parameters, as the path holds them (text; a number is written out). */
export type RouteParams<K extends RouteKey> = Spec<K> extends { params: infer S extends z.ZodType } ? z.output<S> : never;
/** The query, as the server reads it once parsed. */
export type RouteQuery<K extends RouteKey> = Spec<K> extends { query: infer S extends z.ZodType } ? z.output<S> : never;
/** The JSON body, as the caller writes it (before the server's trimming and defaults). */
export type RouteBody<K extends RouteKey> = Spec<K> extends { body: infer S extends z.ZodType } ? z.input<S> : never;
/** The success answer: the parsed JSON, `undefined` for a 204, never for a download. */
export type RouteResponse<K extends RouteKey> =
  Spec<K> extends { response: infer S } ? (S extends z.ZodType ? z.output<S> : S extends null ? undefined : never) : never;
/** Routes answering JSON or nothing: the ones the typed client calls. */
export type JsonRouteKey = { [K in RouteKey]: Spec<K>['response'] extends 'file' ? never : K }[RouteKey];
/** Routes answering a file: the web app links to them or downloads them. */
export type FileRouteKey = Exclude<RouteKey, JsonRouteKey>;
export type RouteHas<K extends RouteKey, P extends 'params' | 'query' | 'body' | 'multipart'> = Has<K, P>;
export type RouteMultipart<K extends RouteKey> = Spec<K> extends { multipart: infer M } ? M : never;
