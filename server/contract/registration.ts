/**
 * Registration: the public form a team fills in, what the team sees on its private page, and
 * what the organizer reviews. One schema validates in the browser (beside each field, as the user
 * types) and on the server.
 */
import { z } from 'zod';
import { contestHeadSchema } from './api.js';
import { contactEmailSchema, instantSchema, keySchema, phoneSchema, teamStatusSchema, text } from './package.js';

export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const ATTACHMENT_TYPES = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

export const MEMBERS_MIN = 3;
export const MEMBERS_MAX = 5;

/** The registration form. `website` is a honeypot: people never see it, so it stays empty. */
export const registrationFormSchema = z.object({
  unit: text(300),
  name: text(200),
  leader: z.object({
    name: text(200),
    phone: phoneSchema,
    email: contactEmailSchema,
  }),
  members: z
    .array(z.object({ name: text(200), role: text(200).optional() }))
    .min(MEMBERS_MIN)
    .max(MEMBERS_MAX),
  idea: z.object({ title: text(300), summary: text(5000) }),
  website: z.string().max(200).optional(),
});
export type RegistrationForm = z.output<typeof registrationFormSchema>;
export type RegistrationFormInput = z.input<typeof registrationFormSchema>;

export const attachmentInfoSchema = z.object({
  name: z.string(),
  type: z.string(),
  size: z.number().int(),
  uploadedAt: z.string(),
});

/** A registration as the team and the organizer see it. */
export const registrationSchema = z.object({
  key: keySchema,
  name: z.string(),
  unit: z.string(),
  status: teamStatusSchema,
  rejectReason: z.string().nullable(),
  leader: z.object({ name: z.string(), phone: z.string().nullable(), email: z.string().nullable() }).nullable(),
  members: z.array(z.object({ name: z.string(), role: z.string().optional() })),
  idea: z.object({ title: z.string(), summary: z.string().optional() }).nullable(),
  attachment: attachmentInfoSchema.nullable(),
  /** Place in the running order, from 1; null for teams that do not compete. */
  order: z.number().int().nullable(),
  registeredAt: z.string(),
  updatedAt: z.string().nullable(),
  /** The team's private link: only in the organizer's list, to hand to teams the organizer signed up. */
  link: z.string().optional(),
  /**
   * Organizer's list only, for teams that registered on the public form: `group` names the client
   * address (a hash prefix, not the address); `burst` is true when 3 or more registrations came
   * from it within 10 minutes of this one.
   */
  address: z
    .object({ group: z.string(), registrations: z.number().int(), pending: z.number().int(), burst: z.boolean() })
    .optional(),
});
export type Registration = z.infer<typeof registrationSchema>;

/** The contest as the registration form and the team page need it. */
export const registrationContestSchema = contestHeadSchema.extend({
  locale: z.enum(['vi', 'en']),
  deadline: z.string().nullable(),
  /** True while the server accepts registrations (a deadline is set and has not passed). */
  open: z.boolean(),
  units: z.array(z.string()),
});
export type RegistrationContest = z.infer<typeof registrationContestSchema>;

export const registeredSchema = z.object({
  team: keySchema,
  token: z.string(),
  url: z.string(),
  status: teamStatusSchema,
});
export type Registered = z.infer<typeof registeredSchema>;

export const teamRegistrationSchema = z.object({
  contest: registrationContestSchema,
  team: registrationSchema,
  /** The team may still change its registration. */
  editable: z.boolean(),
});
export type TeamRegistration = z.infer<typeof teamRegistrationSchema>;

export const registrationListQuerySchema = z.object({ status: teamStatusSchema.optional() });
export const registrationListSchema = z.object({
  counts: z.record(teamStatusSchema, z.number().int()),
  teams: z.array(registrationSchema),
});
export type RegistrationList = z.infer<typeof registrationListSchema>;

export const rejectBodySchema = z.object({ reason: text(1000) });
/** Reject every pending registration from one address group (see registrationSchema.address). */
export const rejectAddressBodySchema = z.object({ group: z.string().regex(/^[0-9a-f]{16}$/), reason: text(1000) });

/** The organizer edits a team: the same fields as the form, without the size rule on members. */
export const teamEditSchema = z.object({
  unit: text(300),
  name: text(200),
  leader: z
    .object({ name: text(200), phone: phoneSchema.optional(), email: contactEmailSchema.optional() })
    .nullable()
    .optional(),
  members: z.array(z.object({ name: text(200), role: text(200).optional() })).max(20),
  idea: z
    .object({ title: text(300), summary: text(5000).optional() })
    .nullable()
    .optional(),
});

/** The running order: drawn from a seed, or set by hand. */
export const drawBodySchema = z.object({
  /** Omit to let the server pick one; anyone can redo the draw from it. */
  seed: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{4,64}$/, { error: 'SEED_FORMAT' })
    .optional(),
});
export const orderBodySchema = z.object({ teams: z.array(keySchema).min(1).max(500), reason: text(1000).optional() });
export const drawSchema = z.object({
  seed: z.string().nullable(),
  at: z.string().nullable(),
  method: z.enum(['draw', 'manual']).nullable(),
  /** The approved teams changed since the draw: the order is no longer what the seed gives. */
  stale: z.boolean(),
  order: z.array(z.object({ key: z.string(), name: z.string(), unit: z.string() })),
});
export type Draw = z.infer<typeof drawSchema>;

export const contestUpdateBodySchema = z.object({ reason: text(1000).optional() });
export const importedUnitsSchema = z.object({
  units: z.array(z.string()),
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
});
export const importedTeamsSchema = z.object({
  added: z.array(z.object({ key: z.string(), name: z.string() })),
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
});
export { instantSchema };

export const oneRegistrationSchema = z.object({ team: registrationSchema });
export type OneRegistration = z.infer<typeof oneRegistrationSchema>;
export const rejectedAddressSchema = z.object({ rejected: z.array(keySchema) });
export type RejectedAddress = z.infer<typeof rejectedAddressSchema>;
