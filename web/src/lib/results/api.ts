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
import { ApiError, enc, request } from '$lib/api';

type Fetch = typeof fetch;

export type Outlier = z.infer<typeof outlierSchema>;
export type Certificate = z.infer<typeof certificateSchema>;
export type SpecialAward = z.infer<typeof specialAwardSchema>;
export type Method = Policy['aggregation']['method'];
export type { Policy, PublicContest, ResultsTable, ScoreboardBody };

export interface ResultsBody {
  table: ResultsTable;
  outliers: Outlier[];
  tolerance: string;
}

export interface WhatIfBody {
  current: ScoreboardBody;
  preview: ScoreboardBody;
}

export type DocumentKind = 'csv' | 'xlsx' | 'minutes' | 'sheets' | 'certificates';

const base = (slug: string) => `/api/contests/${enc(slug)}`;

/** A fetch without the session cookie: what anyone is answered. */
const anonymous: Fetch = (input, init) => fetch(input, { ...init, credentials: 'omit' });

export const resultsApi = {
  results: (slug: string, tolerance: string, f?: Fetch) =>
    request<ResultsBody>('GET', `${base(slug)}/results?tolerance=${enc(tolerance)}`, { fetch: f }),
  whatIf: (slug: string, method: Method, trim: number) =>
    request<WhatIfBody>('GET', `${base(slug)}/what-if?method=${enc(method)}&trim=${trim}`),
  setPolicy: (slug: string, policy: Policy, reason?: string) =>
    request<Policy>('PUT', `${base(slug)}/policy`, { json: reason ? { ...policy, reason } : policy }),
  award: (slug: string, prize: string, body: { team: string; member?: string; reason: string }) =>
    request<SpecialAward>('POST', `${base(slug)}/prizes/${enc(prize)}/awards`, { json: body }),
  publicContest: (slug: string, f?: Fetch) => request<PublicContest>('GET', `${base(slug)}/public`, { fetch: f ?? anonymous }),
  certificate: (serial: string, f?: Fetch) =>
    request<Certificate>('GET', `/api/certificates/${enc(serial)}`, { fetch: f ?? anonymous }),
};

/** Where each document is served, and the name it is saved under when the server names none. */
export const documents: Record<DocumentKind, { url: (slug: string) => string; file: (slug: string) => string }> = {
  csv: { url: (s) => `${base(s)}/results.csv`, file: (s) => `${s}-ket-qua.csv` },
  xlsx: { url: (s) => `${base(s)}/results.xlsx`, file: (s) => `${s}-ket-qua.xlsx` },
  minutes: { url: (s) => `${base(s)}/results.pdf`, file: (s) => `${s}-bien-ban.pdf` },
  sheets: { url: (s) => `${base(s)}/score-sheets.pdf`, file: (s) => `${s}-phieu-cham.pdf` },
  certificates: { url: (s) => `${base(s)}/certificates.pdf`, file: (s) => `${s}-giay-khen.pdf` },
};

/** The API's error of a response that is not a success, read defensively like $lib/api does. */
export async function apiErrorOf(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    return new ApiError(
      res.status,
      typeof e['code'] === 'string' ? e['code'] : 'UNEXPECTED',
      typeof e['message'] === 'string' ? e['message'] : '',
      typeof e['path'] === 'string' ? e['path'] : undefined,
    );
  }
  return new ApiError(res.status, 'UNEXPECTED', res.statusText);
}
