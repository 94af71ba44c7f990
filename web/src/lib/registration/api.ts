/**
 * The calls of registration: the contest's facts for the public form, sending the form (with its
 * optional file, as multipart/form-data, with upload progress), and the team's own registration
 * through its cookie. Types come from the server's contract.
 */
import type { Registered, RegistrationContest, RegistrationFormInput, TeamRegistration } from '$contract/registration';
import type { RouteResponse } from '$contract/routes';
import { ApiError, decode, errorFromText, request, routeUrl } from '$lib/api';
import { locale } from '$lib/i18n/locale.svelte';

export type { Registered, RegistrationContest, RegistrationFormInput, TeamRegistration };
export type Registration = TeamRegistration['team'];
export type AttachmentInfo = NonNullable<Registration['attachment']>;

type Fetch = typeof fetch;

/** How much of the body has gone up, from 0 to 1; null when the browser cannot tell. */
export type Progress = (sent: number | null) => void;

/**
 * The form as multipart/form-data: the field "data" holds it as JSON, the file part "attachment"
 * is there only when a file was chosen. XMLHttpRequest, not fetch, for the upload's progress: a
 * 20 MB file over a phone's connection takes a while.
 */
type FormRoute = 'POST /api/contests/:slug/registrations' | 'PUT /api/team/registration';

function sendForm<K extends FormRoute>(key: K, url: string, form: RegistrationFormInput, file: File | null, progress?: Progress) {
  const method = key.slice(0, key.indexOf(' '));
  const body = new FormData();
  body.append('data', JSON.stringify(form));
  if (file) body.append('attachment', file, file.name);
  return new Promise<RouteResponse<K>>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.setRequestHeader('accept', 'application/json');
    // The server words its errors by the language cookie; the header says the same for good measure.
    xhr.setRequestHeader('accept-language', locale.lang);
    if (progress) xhr.upload.onprogress = (e) => progress(e.lengthComputable && e.total > 0 ? e.loaded / e.total : null);
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', ''));
    xhr.ontimeout = () => reject(new ApiError(0, 'NETWORK', ''));
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(errorFromText(xhr.status, xhr.responseText, xhr.getResponseHeader('retry-after')));
        return;
      }
      try {
        resolve(decode(key, xhr.status, xhr.responseText));
      } catch {
        reject(new ApiError(xhr.status, 'UNEXPECTED', ''));
      }
    };
    xhr.send(body);
  });
}

export const registrationApi = {
  /** What the public form needs: the contest, its deadline, its list of units. */
  contest: (slug: string, f?: Fetch) => request('GET /api/contests/:slug/registration', { params: { slug }, fetch: f }),
  /** A new registration: the team's private link comes back. */
  register: (slug: string, form: RegistrationFormInput, file: File | null, progress?: Progress) =>
    sendForm(
      'POST /api/contests/:slug/registrations',
      routeUrl('POST /api/contests/:slug/registrations', { params: { slug } }),
      form,
      file,
      progress,
    ),
  /** The team's own registration, through its cookie. */
  mine: (f?: Fetch) => request('GET /api/team/registration', { fetch: f }),
  /** The team edits its registration (a file, if given, replaces the one sent). */
  update: (form: RegistrationFormInput, file: File | null, progress?: Progress) =>
    sendForm('PUT /api/team/registration', routeUrl('PUT /api/team/registration'), form, file, progress),
  attachmentUrl: routeUrl('GET /api/team/registration/attachment'),
};
