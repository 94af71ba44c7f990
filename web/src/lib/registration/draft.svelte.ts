/**
 * The registration form while it is filled in: its values, which fields were touched, whether a
 * send was attempted, and the errors to show beside each field. The browser checks the form with
 * the very schema the server applies (`registrationFormSchema` of the contract); what the server
 * still refuses is placed beside the field its path names.
 */
import { ATTACHMENT_MAX_BYTES, MEMBERS_MAX, MEMBERS_MIN, registrationFormSchema } from '$contract/registration';
import type { Lang } from '$contract/errors';
import { locale } from '$lib/i18n/locale.svelte';
import type { Registration, RegistrationFormInput } from './api';
import { EMPTY, wordIssue } from './issues';

export { ATTACHMENT_MAX_BYTES, MEMBERS_MAX, MEMBERS_MIN };

export interface MemberDraft {
  /** A stable key for the row while rows are added and removed. */
  id: number;
  name: string;
  role: string;
}

export interface DraftValues {
  unit: string;
  name: string;
  leader: { name: string; phone: string; email: string };
  members: MemberDraft[];
  idea: { title: string; summary: string };
  /** The honeypot: people never see it. */
  website: string;
}

export type FileProblem = { kind: 'tooLarge'; size: number } | { kind: 'wrongType' };

const ACCEPTED_EXTENSIONS = ['.pdf', '.pptx'] as const;
export const ACCEPT = '.pdf,.pptx,application/pdf,application/vnd.openxmlformats-officedocument.presentationml.presentation';

let nextId = 1;
const member = (name = '', role = ''): MemberDraft => ({ id: nextId++, name, role });

/** What the form sends: an empty role is left out, as the schema wants a role to have text. */
export function toInput(v: DraftValues): RegistrationFormInput {
  return {
    unit: v.unit,
    name: v.name,
    leader: { name: v.leader.name, phone: v.leader.phone, email: v.leader.email },
    members: v.members.map((m) => (m.role.trim() ? { name: m.name, role: m.role } : { name: m.name })),
    idea: { title: v.idea.title, summary: v.idea.summary },
    website: v.website,
  };
}

function valueAt(root: unknown, path: string): unknown {
  let value = root;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The form's errors by path, first one per field, in the reader's language. A field left blank
 * says so, whatever rule its format would break (an empty phone is "not empty", not "bad format").
 */
export function validate(values: DraftValues, lang: Lang): Record<string, string> {
  const input = toInput(values);
  const result = registrationFormSchema.safeParse(input);
  const errors: Record<string, string> = {};
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const worded = wordIssue(issue, lang);
    if (worded.path in errors) continue;
    const raw = valueAt(input, worded.path);
    errors[worded.path] = typeof raw === 'string' && raw.trim() === '' ? EMPTY[lang] : worded.message;
  }
  return errors;
}

/** The fields in the order the form shows them: the error summary follows it. */
export function fieldOrder(memberCount: number): string[] {
  const members: string[] = [];
  for (let i = 0; i < memberCount; i++) members.push(`members.${i}.name`, `members.${i}.role`);
  return [
    'unit',
    'name',
    'leader.name',
    'leader.phone',
    'leader.email',
    'members',
    ...members,
    'idea.title',
    'idea.summary',
    'attachment',
  ];
}

/** `members.3.name` after row `removed` is gone: `members.2.name`; the removed row's paths are dropped. */
function shiftMembers<T>(record: Record<string, T>, removed: number): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [path, value] of Object.entries(record)) {
    const m = /^members\.(\d+)\.(.+)$/.exec(path);
    if (!m) {
      out[path] = value;
      continue;
    }
    const i = Number(m[1]);
    if (i < removed) out[path] = value;
    else if (i > removed) out[`members.${i - 1}.${m[2]}`] = value;
  }
  return out;
}

export class RegistrationDraft {
  values: DraftValues;
  /** Fields the reader has left once: their errors show from then on, as they type. */
  touched = $state<Record<string, boolean>>({});
  /** A send was attempted: every error shows. */
  attempted = $state(false);
  /** What the server refused, by path, until that field is edited. */
  server = $state<Record<string, string>>({});
  file = $state.raw<File | null>(null);
  fileProblem = $state<FileProblem | null>(null);

  /** The schema's verdict on the values now, in the reader's language. */
  readonly client: Record<string, string>;

  constructor(initial: Registration | null, captain: string) {
    const values: DraftValues = {
      unit: initial?.unit ?? '',
      name: initial?.name ?? '',
      leader: {
        name: initial?.leader?.name ?? '',
        phone: initial?.leader?.phone ?? '',
        email: initial?.leader?.email ?? '',
      },
      members: initial
        ? initial.members.map((m) => member(m.name, m.role ?? ''))
        : [member('', captain), ...Array.from({ length: MEMBERS_MIN - 1 }, () => member())],
      idea: { title: initial?.idea?.title ?? '', summary: initial?.idea?.summary ?? '' },
      website: '',
    };
    while (values.members.length < MEMBERS_MIN) values.members.push(member());
    this.values = $state(values);
    this.client = $derived(validate(this.values, locale.lang));
  }

  /** The error to show beside a field, if any. */
  error(path: string): string | undefined {
    if (path === 'attachment') return this.server['attachment'] ?? this.fileMessage();
    const server = this.server[path];
    if (server) return server;
    return this.attempted || this.touched[path] ? this.client[path] : undefined;
  }

  private fileMessage(): string | undefined {
    const p = this.fileProblem;
    if (!p) return undefined;
    const t = locale.t.registration.form;
    return p.kind === 'tooLarge' ? t.tooLarge(locale.bytes(p.size)) : t.wrongType;
  }

  /** Every error shown now, in the form's order; paths the form has no field for come last. */
  get shown(): { path: string; message: string }[] {
    const order = fieldOrder(this.values.members.length);
    const paths = [...order];
    const extra = [...Object.keys(this.server), ...(this.attempted ? Object.keys(this.client) : [])];
    for (const p of extra) if (!paths.includes(p)) paths.push(p);
    const out: { path: string; message: string }[] = [];
    for (const path of paths) {
      const message = this.error(path);
      if (message) out.push({ path, message });
    }
    return out;
  }

  touch(path: string): void {
    this.touched[path] = true;
  }

  /** The reader changed a field: the server's word on it no longer applies. */
  edited(path: string): void {
    if (path in this.server) delete this.server[path];
  }

  addMember(): void {
    if (this.values.members.length >= MEMBERS_MAX) return;
    this.values.members.push(member());
    this.edited('members');
  }

  removeMember(index: number): void {
    if (this.values.members.length <= MEMBERS_MIN) return;
    this.values.members.splice(index, 1);
    this.touched = shiftMembers(this.touched, index);
    this.server = shiftMembers(this.server, index);
    this.edited('members');
  }

  /** A file was picked: kept if it may be sent, else said why (the server checks its content again). */
  pick(file: File | null): boolean {
    this.edited('attachment');
    this.fileProblem = null;
    if (!file) {
      this.file = null;
      return true;
    }
    const name = file.name.toLowerCase();
    if (!ACCEPTED_EXTENSIONS.some((ext) => name.endsWith(ext))) this.fileProblem = { kind: 'wrongType' };
    else if (file.size > ATTACHMENT_MAX_BYTES) this.fileProblem = { kind: 'tooLarge', size: file.size };
    this.file = this.fileProblem ? null : file;
    return this.fileProblem === null;
  }

  /** What the server refused, by path: shown beside its field, or in the summary when the form has none. */
  refused(issues: readonly { path: string; message: string }[]): void {
    const server: Record<string, string> = {};
    for (const issue of issues) if (!(issue.path in server)) server[issue.path] = issue.message;
    this.server = server;
  }

  input(): RegistrationFormInput {
    return toInput(this.values);
  }
}
