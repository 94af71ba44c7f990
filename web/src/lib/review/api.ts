/**
 * The organizer's calls for reviewing registrations, the running order and the teams import.
 * JSON goes through $lib/api's `request`; the import sends its file as multipart/form-data.
 * Types only come from the contract: the browser bundle never imports zod.
 */
import type { z } from 'zod';
import type { Draw, Registration, RegistrationList, teamEditSchema } from '$contract/registration';
import type { TeamStatus } from '$contract/package';
import type { RouteResponse } from '$contract/routes';
import { enc, request, untypedRequest } from '$lib/api';

export type { Draw, Registration, RegistrationList, TeamStatus };

export type TeamEdit = z.input<typeof teamEditSchema>;
export type ImportedTeams = RouteResponse<'POST /api/contests/:slug/teams/import'>;
export type RowError = ImportedTeams['errors'][number];

// The team routes' params and answers are still inline in the server's registration routes.
const team = (slug: string, key: string) => `/api/contests/${enc(slug)}/teams/${enc(key)}`;

export const reviewApi = {
  /** Every team with its registration, in running order, and the counts by status. */
  list: (slug: string, f?: typeof fetch) => request('GET /api/contests/:slug/registrations', { params: { slug }, fetch: f }),
  approve: (slug: string, key: string) => untypedRequest<{ team: Registration }>('POST', `${team(slug, key)}/approve`),
  reject: (slug: string, key: string, reason: string) =>
    untypedRequest<{ team: Registration }>('POST', `${team(slug, key)}/reject`, { json: { reason } }),
  /** Rejects every pending registration from one address group (a burst), with one reason. */
  rejectAddress: (slug: string, group: string, reason: string) =>
    untypedRequest<{ rejected: string[] }>('POST', `/api/contests/${enc(slug)}/registrations/reject-address`, {
      json: { group, reason },
    }),
  withdraw: (slug: string, key: string) =>
    untypedRequest<{ team: { key: string; status: 'withdrawn' } }>('POST', `${team(slug, key)}/withdraw`),
  edit: (slug: string, key: string, edit: TeamEdit) =>
    untypedRequest<{ team: Registration }>('PUT', team(slug, key), { json: edit }),
  attachmentUrl: (slug: string, key: string) => `${team(slug, key)}/attachment`,
  /** A new private link for the team (in `team.link`); the old one stops working at once. */
  reissueLink: (slug: string, key: string) => untypedRequest<{ team: Registration }>('POST', `${team(slug, key)}/link`),

  draw: (slug: string, f?: typeof fetch) => request('GET /api/contests/:slug/draw', { params: { slug }, fetch: f }),
  /** Draws the running order; without a seed the server picks one. */
  drawNow: (slug: string, seed?: string) =>
    request('POST /api/contests/:slug/draw', { params: { slug }, body: seed ? { seed } : {} }),
  setOrder: (slug: string, teams: string[], reason?: string) =>
    request('PUT /api/contests/:slug/order', { params: { slug }, body: reason ? { teams, reason } : { teams } }),

  importTeams: (slug: string, file: File) => request('POST /api/contests/:slug/teams/import', { params: { slug }, file }),
};
