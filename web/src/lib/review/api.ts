/**
 * The organizer's calls for reviewing registrations, the running order and the teams import.
 * JSON goes through $lib/api's `request`; the import sends its file as multipart/form-data.
 * Types only come from the contract: the browser bundle never imports zod.
 */
import type { Draw, Registration, RegistrationList } from '$contract/registration';
import type { TeamStatus } from '$contract/package';
import type { RouteBody, RouteResponse } from '$contract/routes';
import { request, routeUrl } from '$lib/api';

export type { Draw, Registration, RegistrationList, TeamStatus };

export type TeamEdit = RouteBody<'PUT /api/contests/:slug/teams/:team'>;
export type ImportedTeams = RouteResponse<'POST /api/contests/:slug/teams/import'>;
export type RowError = ImportedTeams['errors'][number];

export const reviewApi = {
  /** Every team with its registration, in running order, and the counts by status. */
  list: (slug: string, f?: typeof fetch) => request('GET /api/contests/:slug/registrations', { params: { slug }, fetch: f }),
  approve: (slug: string, team: string) => request('POST /api/contests/:slug/teams/:team/approve', { params: { slug, team } }),
  reject: (slug: string, team: string, reason: string) =>
    request('POST /api/contests/:slug/teams/:team/reject', { params: { slug, team }, body: { reason } }),
  /** Rejects every pending registration from one address group (a burst), with one reason. */
  rejectAddress: (slug: string, group: string, reason: string) =>
    request('POST /api/contests/:slug/registrations/reject-address', { params: { slug }, body: { group, reason } }),
  withdraw: (slug: string, team: string) => request('POST /api/contests/:slug/teams/:team/withdraw', { params: { slug, team } }),
  edit: (slug: string, team: string, edit: TeamEdit) =>
    request('PUT /api/contests/:slug/teams/:team', { params: { slug, team }, body: edit }),
  attachmentUrl: (slug: string, team: string) =>
    routeUrl('GET /api/contests/:slug/teams/:team/attachment', { params: { slug, team } }),
  /** A new private link for the team (in `team.link`); the old one stops working at once. */
  reissueLink: (slug: string, team: string) => request('POST /api/contests/:slug/teams/:team/link', { params: { slug, team } }),

  draw: (slug: string, f?: typeof fetch) => request('GET /api/contests/:slug/draw', { params: { slug }, fetch: f }),
  /** Draws the running order; without a seed the server picks one. */
  drawNow: (slug: string, seed?: string) =>
    request('POST /api/contests/:slug/draw', { params: { slug }, body: seed ? { seed } : {} }),
  setOrder: (slug: string, teams: string[], reason?: string) =>
    request('PUT /api/contests/:slug/order', { params: { slug }, body: reason ? { teams, reason } : { teams } }),

  importTeams: (slug: string, file: File) => request('POST /api/contests/:slug/teams/import', { params: { slug }, file }),
};
