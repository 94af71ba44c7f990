/** Staff calls of audience voting: where it stands with the votes per team, open and close it. */
import type { VotingSummary } from '$contract/votes';
import { enc, request } from '$lib/api';

export type { VotingSummary };

const votes = (slug: string) => `/api/contests/${enc(slug)}/votes`;

export const votingApi = {
  summary: (slug: string) => request<VotingSummary>('GET', votes(slug)),
  open: (slug: string) => request<VotingSummary>('POST', `${votes(slug)}/open`),
  close: (slug: string) => request<VotingSummary>('POST', `${votes(slug)}/close`),
};
