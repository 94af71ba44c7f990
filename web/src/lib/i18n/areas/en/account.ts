/** The English messages of the account area (their keys: ../account.ts). Fetched only when English is read. */
import type { accountVi } from '../account';

export const accountEn = {
  link: 'Account',
  title: 'My account',
  intro:
    'Change your sign-in password. Afterwards every other session of this account (on other devices) is signed out; this device stays signed in.',
  email: 'Email',
  role: 'Role',
  roles: { organizer: 'Organizer', host: 'Secretary, host' },
  current: 'Current password',
  next: 'New password',
  nextHint: (min: number) => `At least ${min} characters.`,
  confirm: 'New password again',
  required: 'Please enter the password',
  tooShort: (min: number) => `The new password needs at least ${min} characters`,
  mismatch: 'The two new passwords differ',
  submit: 'Change password',
  submitting: 'Changing…',
  done: 'Password changed. Other sessions were signed out.',
} satisfies typeof accountVi;
