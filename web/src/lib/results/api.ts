/**
 * The calls of the results pages: the organizer's results table, what-if, policy and special
 * prizes, the document downloads, and the public contest page and certificate check. Types come
 * from the server's contract, type-only, so no zod reaches the browser.
 */
import type { z } from 'zod';
import type { PublicContest } from '$contract/api';
import type {
  certificateSchema,
  outlierSchema,
  Policy,
  ResultsTable,
  ScoreboardBody,
  specialAwardSchema,
} from '$contract/results';
import type { FileRouteKey, RouteBody, RouteResponse } from '$contract/routes';
import { request, requestFile, routeUrl } from '$lib/api';

type Fetch = typeof fetch;

export type Outlier = z.infer<typeof outlierSchema>;
export type Certificate = z.infer<typeof certificateSchema>;
export type SpecialAward = z.infer<typeof specialAwardSchema>;
export type Method = Policy['aggregation']['method'];
export type { Policy, PublicContest, ResultsTable, ScoreboardBody };

export type ResultsBody = RouteResponse<'GET /api/contests/:slug/results'>;
export type WhatIfBody = RouteResponse<'GET /api/contests/:slug/what-if'>;

export type DocumentKind = 'csv' | 'xlsx' | 'minutes' | 'sheets' | 'certificates';

/** A fetch without the session cookie: what anyone is answered. */
const anonymous: Fetch = (input, init) => fetch(input, { ...init, credentials: 'omit' });

export const resultsApi = {
  results: (slug: string, tolerance: string, f?: Fetch) =>
    request('GET /api/contests/:slug/results', { params: { slug }, query: { tolerance }, fetch: f }),
  whatIf: (slug: string, method: Method, trim: number) =>
    request('GET /api/contests/:slug/what-if', { params: { slug }, query: { method, trim } }),
  setPolicy: (slug: string, policy: Policy, reason?: string) =>
    request('PUT /api/contests/:slug/policy', { params: { slug }, body: reason ? { ...policy, reason } : policy }),
  award: (slug: string, prize: string, body: RouteBody<'POST /api/contests/:slug/prizes/:prize/awards'>) =>
    request('POST /api/contests/:slug/prizes/:prize/awards', { params: { slug, prize }, body }),
  certificate: (serial: string, f?: Fetch) =>
    request('GET /api/certificates/:serial', { params: { serial }, fetch: f ?? anonymous }),
};

/** Where each document is served, and the name it is saved under when the server names none. */
export const documents = {
  csv: { route: 'GET /api/contests/:slug/results.csv', file: (s) => `${s}-ket-qua.csv` },
  xlsx: { route: 'GET /api/contests/:slug/results.xlsx', file: (s) => `${s}-ket-qua.xlsx` },
  minutes: { route: 'GET /api/contests/:slug/results.pdf', file: (s) => `${s}-bien-ban.pdf` },
  sheets: { route: 'GET /api/contests/:slug/score-sheets.pdf', file: (s) => `${s}-phieu-cham.pdf` },
  certificates: { route: 'GET /api/contests/:slug/certificates.pdf', file: (s) => `${s}-giay-khen.pdf` },
} satisfies Record<DocumentKind, { route: DocumentRoute; file: (slug: string) => string }>;

type DocumentRoute = Extract<FileRouteKey, `GET /api/contests/:slug/${string}`>;

/** Where a document is served. */
export const documentUrl = (kind: DocumentKind, slug: string) => routeUrl(documents[kind].route, { params: { slug } });

/** A document's answer, or the ApiError of its failure; any content type is accepted, as a link would. */
export const fetchDocument = (kind: DocumentKind, slug: string) =>
  requestFile(documents[kind].route, { params: { slug }, headers: { accept: '*/*' } });
