/** Staff calls of audience voting: where it stands with the votes per team, open and close it. */
import type { VoteAddresses, VotingSummary } from '$contract/votes';
import { enc, request } from '$lib/api';

export type { VoteAddresses, VotingSummary };

const votes = (slug: string) => `/api/contests/${enc(slug)}/votes`;

export const votingApi = {
  summary: (slug: string) => request<VotingSummary>('GET', votes(slug)),
  open: (slug: string) => request<VotingSummary>('POST', `${votes(slug)}/open`),
  close: (slug: string) => request<VotingSummary>('POST', `${votes(slug)}/close`),
  /** Votes per client address and per minute. */
  addresses: (slug: string) => request<VoteAddresses>('GET', `${votes(slug)}/addresses`),
  /** Voids every counted vote from one address (organizer). */
  void: (slug: string, address: string, reason: string) =>
    request<VotingSummary & { voidedNow: number }>('POST', `${votes(slug)}/void`, { json: { address, reason } }),
  /** Ticket mode on or off (organizer). */
  mode: (slug: string, tickets: boolean) => request<VotingSummary>('PUT', `${votes(slug)}/mode`, { json: { tickets } }),
  tickets: (slug: string) => request<TicketList>('GET', `${votes(slug)}/tickets`),
  addTickets: (slug: string, count: number) => request<TicketList>('POST', `${votes(slug)}/tickets`, { json: { count } }),
};

export interface TicketList {
  tickets: { code: string; url: string; usedAt: string | null }[];
}
