import { accountEn } from './areas/en/account';
import type { AreaMessages, Messages } from './vi';

/** The English catalog: `satisfies Messages` makes a missing or extra key a type error. */
export const en = {
  app: {
    name: 'hoithi',
    tagline: 'Organizers',
    skipToContent: 'Skip to main content',
    signedInAs: 'Signed in as',
    signOut: 'Sign out',
    language: 'Language',
    langVi: 'Tiếng Việt',
    langEn: 'English',
    home: 'Contests',
    dismiss: 'Dismiss notice',
  },
  units: {
    minutes: (n: number) => `${n} min`,
    seconds: (n: number) => `${n} s`,
  },
  errors: {
    network: 'Cannot reach the server. Check the network and try again.',
    unexpected: 'Something went wrong. Please try again.',
    retryAfter: (seconds: number) => `Try again in ${seconds} seconds.`,
  },
  login: {
    title: 'Sign in',
    intro: 'Sign in with an organizer or contest secretary account.',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    emailRequired: 'Enter your email',
    passwordRequired: 'Enter your password',
    signedOut: 'You are signed out.',
  },
  sections: {
    general: 'General',
    scoring: 'Scoring',
    rounds: 'Rounds',
    teams: 'Teams',
    judges: 'Jury',
    prizes: 'Prizes',
  },
  notFound: {
    title: 'Page not found',
    body: 'The page you are looking for does not exist or has been removed.',
    contestTitle: 'Contest not found',
    contestBody: 'This contest does not exist or has been deleted.',
    errorTitle: 'Something went wrong',
    status: (s: number) => `Error code ${s}`,
    home: 'Back to contests',
    publicHint: 'Check the link, or scan again the QR code the organizers gave out.',
    publicTagline: 'Contest',
  },
  account: accountEn,
  connection: {
    reconnecting: 'Reconnecting…',
    connecting: 'Connecting…',
    closed: 'This contest is no longer on the server.',
    liveNow: 'Live',
  },
  timer: {
    label: 'Time left',
    paused: 'Paused',
    ready: 'Not started',
    running: 'Running',
    over: 'Time is up',
    none: 'No time limit',
    oneMinute: '1 minute left',
  },
} satisfies Omit<Messages, keyof AreaMessages>;
