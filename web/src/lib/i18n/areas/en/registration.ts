/** The English messages of the registration area (their keys: ../registration.ts). Fetched only when English is read. */
import type { registrationVi } from '../registration';

export const registrationEn = {
  statuses: {
    pending: 'Awaiting approval',
    active: 'Approved',
    rejected: 'Rejected',
    withdrawn: 'Withdrawn',
    disqualified: 'Disqualified',
  },
  team: {
    title: 'Registration',
    status: 'Status',
    reason: (reason: string) => `Reason: ${reason}`,
    orderLabel: 'Running order',
    deadline: 'Registration deadline',
    noDeadline: 'No online registration',
    pendingNote:
      'The organizers are reviewing your registration. You can still edit it until it is approved or the deadline passes.',
    rejectedNote: 'You can edit your registration and send it again before the deadline; it then awaits approval again.',
    outNote: 'The team no longer takes part in the contest.',
    lockedApproved:
      'The registration has been approved, so it can no longer be edited. To change it, please contact the organizers.',
    lockedClosed: 'The registration deadline has passed, so it can no longer be edited.',
    lockedOut: 'The team no longer takes part in the contest, so its registration cannot be edited.',
    edit: 'Edit the registration',
    editTitle: 'Edit the registration',
    resubmitHint: 'Once saved, the registration awaits approval again.',
    saved: 'The registration was saved.',
    details: 'See the registration sent',
    unit: 'Unit',
    name: 'Team name',
    leader: 'Contact person',
    members: 'Members',
    idea: 'Model or idea',
    attachment: 'Attachment',
    noAttachment: 'No file sent',
    download: (name: string, size: string) => `Download ${name} (${size})`,
    registeredAt: 'Registered',
    updatedAt: 'Last updated',
    loading: 'Loading the registration…',
    loadFailed: 'The registration could not be loaded.',
    retry: 'Try again',
    quizLaterTitle: 'Knowledge round',
    quizLater: 'Once your team is approved, the questions of the knowledge round appear here.',
  },
} satisfies typeof registrationVi;
