/** Staff calls of audience voting: where it stands with the votes per team, open and close it. */
import { request } from '$lib/api';

export const votingApi = {
  summary: (slug: string) => request('GET /api/contests/:slug/votes', { params: { slug } }),
  open: (slug: string) => request('POST /api/contests/:slug/votes/open', { params: { slug } }),
  close: (slug: string) => request('POST /api/contests/:slug/votes/close', { params: { slug } }),
  /** Votes per client address and per minute. */
  addresses: (slug: string) => request('GET /api/contests/:slug/votes/addresses', { params: { slug } }),
  /** Voids every counted vote from one address (organizer). */
  void: (slug: string, address: string, reason: string) =>
    request('POST /api/contests/:slug/votes/void', { params: { slug }, body: { address, reason } }),
  /** Ticket mode on or off (organizer). */
  mode: (slug: string, tickets: boolean) =>
    request('PUT /api/contests/:slug/votes/mode', { params: { slug }, body: { tickets } }),
  tickets: (slug: string) => request('GET /api/contests/:slug/votes/tickets', { params: { slug } }),
  addTickets: (slug: string, count: number) =>
    request('POST /api/contests/:slug/votes/tickets', { params: { slug }, body: { count } }),
};
