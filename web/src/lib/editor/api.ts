/** The editor's calls: create a contest, save an edited package, read a list of units from a file. */
import type { ContestCreated, ContestDetail } from '$contract/api';
import { enc, request, upload } from '$lib/api';

export interface ImportedUnits {
  units: string[];
  errors: { row: number; field: string; message: string }[];
}

export const editorApi = {
  create: (pkg: unknown) => request<ContestCreated>('POST', '/api/contests', { json: pkg }),
  /** `revision` is the one this package was merged with: the server refuses it if the contest moved on since. */
  update: (slug: string, pkg: unknown, revision: string, reason?: string) =>
    request<ContestDetail>('PUT', `/api/contests/${enc(slug)}/package`, {
      json: reason ? { package: pkg, revision, reason } : { package: pkg, revision },
    }),
  contest: (slug: string) => request<ContestDetail>('GET', `/api/contests/${enc(slug)}`),
  /** Units from an XLSX or CSV file; the server changes nothing. */
  importUnits: (file: File) => upload<ImportedUnits>('POST', '/api/units/import', file),
};
