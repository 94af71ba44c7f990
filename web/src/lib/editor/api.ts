/** The editor's calls: create a contest, save an edited package, read a list of units from a file. */
import type { ContestCreated, ContestDetail } from '$contract/api';
import { ApiError, enc, request, type Issue } from '$lib/api';

export interface ImportedUnits {
  units: string[];
  errors: { row: number; field: string; message: string }[];
}

/** Reads an error body defensively, as $lib/api does for JSON calls. */
async function readError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return new ApiError(res.status, 'UNEXPECTED', res.statusText);
  const e = error as Record<string, unknown>;
  const issues = Array.isArray(e['issues']) ? (e['issues'] as Issue[]) : [];
  return new ApiError(
    res.status,
    typeof e['code'] === 'string' ? e['code'] : 'UNEXPECTED',
    typeof e['message'] === 'string' ? e['message'] : '',
    typeof e['path'] === 'string' ? e['path'] : undefined,
    issues,
  );
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
  async importUnits(file: File): Promise<ImportedUnits> {
    const form = new FormData();
    form.append('file', file, file.name);
    let res: Response;
    try {
      res = await fetch('/api/units/import', {
        method: 'POST',
        body: form,
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      });
    } catch {
      throw new ApiError(0, 'NETWORK', '');
    }
    if (!res.ok) throw await readError(res);
    try {
      return (await res.json()) as ImportedUnits;
    } catch {
      throw new ApiError(res.status, 'UNEXPECTED', '');
    }
  },
};
