/** The editor's calls: create a contest, save an edited package, read a list of units from a file. */
import type { RouteResponse } from '$contract/routes';
import { request } from '$lib/api';

export type ImportedUnits = RouteResponse<'POST /api/units/import'>;

export const editorApi = {
  /** The draft's package as the editor built it: the server checks it against the contract. */
  create: (pkg: Record<string, unknown>) => request('POST /api/contests', { rawJson: JSON.stringify(pkg) }),
  /** `revision` is the one this package was merged with: the server refuses it if the contest moved on since. */
  update: (slug: string, pkg: Record<string, unknown>, revision: string, reason?: string) =>
    request('PUT /api/contests/:slug/package', {
      params: { slug },
      rawJson: JSON.stringify(reason ? { package: pkg, revision, reason } : { package: pkg, revision }),
    }),
  contest: (slug: string) => request('GET /api/contests/:slug', { params: { slug } }),
  /** Units from an XLSX or CSV file; the server changes nothing. */
  importUnits: (file: File) => request('POST /api/units/import', { file }),
};
