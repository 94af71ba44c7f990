/**
 * The organizer's calls for reviewing registrations, the running order and the teams import.
 * JSON goes through $lib/api's `request`; the import sends its file as multipart/form-data.
 * Types only come from the contract: the browser bundle never imports zod.
 */
import type { Draw, Registration, RegistrationList } from '$contract/registration';
import type { TeamStatus } from '$contract/package';
import { enc, request, upload } from '$lib/api';

export type { Draw, Registration, RegistrationList, TeamStatus };

export interface TeamEdit {
  unit: string;
  name: string;
  leader: { name: string; phone?: string; email?: string } | null;
  members: { name: string; role?: string }[];
  idea: { title: string; summary?: string } | null;
}

export interface RowError {
  row: number;
  field: string;
  message: string;
}

export interface ImportedTeams {
  added: { key: string; name: string }[];
  errors: RowError[];
}

const contest = (slug: string) => `/api/contests/${enc(slug)}`;
const team = (slug: string, key: string) => `${contest(slug)}/teams/${enc(key)}`;

export const reviewApi = {
  /** Every team with its registration, in running order, and the counts by status. */
  list: (slug: string, f?: typeof fetch) => request<RegistrationList>('GET', `${contest(slug)}/registrations`, { fetch: f }),
  approve: (slug: string, key: string) => request<{ team: Registration }>('POST', `${team(slug, key)}/approve`),
  reject: (slug: string, key: string, reason: string) =>
    request<{ team: Registration }>('POST', `${team(slug, key)}/reject`, { json: { reason } }),
  /** Rejects every pending registration from one address group (a burst), with one reason. */
  rejectAddress: (slug: string, group: string, reason: string) =>
    request<{ rejected: string[] }>('POST', `${contest(slug)}/registrations/reject-address`, { json: { group, reason } }),
  withdraw: (slug: string, key: string) =>
    request<{ team: { key: string; status: 'withdrawn' } }>('POST', `${team(slug, key)}/withdraw`),
  edit: (slug: string, key: string, edit: TeamEdit) => request<{ team: Registration }>('PUT', team(slug, key), { json: edit }),
  attachmentUrl: (slug: string, key: string) => `${team(slug, key)}/attachment`,
  /** A new private link for the team (in `team.link`); the old one stops working at once. */
  reissueLink: (slug: string, key: string) => request<{ team: Registration }>('POST', `${team(slug, key)}/link`),

  draw: (slug: string, f?: typeof fetch) => request<Draw>('GET', `${contest(slug)}/draw`, { fetch: f }),
  /** Draws the running order; without a seed the server picks one. */
  drawNow: (slug: string, seed?: string) => request<Draw>('POST', `${contest(slug)}/draw`, { json: seed ? { seed } : {} }),
  setOrder: (slug: string, teams: string[], reason?: string) =>
    request<Draw>('PUT', `${contest(slug)}/order`, { json: reason ? { teams, reason } : { teams } }),

  importTeams: (slug: string, file: File) => upload<ImportedTeams>('POST', `${contest(slug)}/teams/import`, file),
};
