/**
 * Signing in and changing one's password. Failed sign-ins are counted per (account, address) by a
 * LoginThrottle: an account under attack is slowed, never locked.
 */
import type { Db } from '../../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { dummyPasswordHash, verifyPassword } from '../../lib/password.js';
import type { LoginThrottle } from '../../lib/throttle.js';
import { changePassword, findAccountByEmail, findAccountById } from './repository.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The account whose password this is; 401 BAD_CREDENTIALS otherwise, as slow for an unknown e-mail as for a known one. */
export async function signIn(db: Db, throttle: LoginThrottle, email: string, password: string, address: string) {
  const slow = throttle.slowdownMs(email);
  const started = Date.now();
  const account = findAccountByEmail(db, email);
  const ok = await verifyPassword(password, account?.passwordHash ?? (await dummyPasswordHash()));
  if (slow > 0) await sleep(slow - (Date.now() - started));
  if (!account || !ok) {
    throttle.fail(email, address);
    throw new AppError('BAD_CREDENTIALS');
  }
  throttle.succeed(email, address);
  return account;
}

/** Changes a signed-in account's password; a wrong current one counts as a failed sign-in from this address. */
export async function changeOwnPassword(
  db: Db,
  throttle: LoginThrottle,
  me: { id: number; email: string },
  currentPassword: string,
  newPassword: string,
  address: string,
) {
  const account = findAccountById(db, me.id);
  if (!account) throw new AppError('UNAUTHENTICATED');
  if (!(await verifyPassword(currentPassword, account.passwordHash))) {
    throttle.fail(me.email, address);
    throw new AppError('PASSWORD_WRONG', 'currentPassword');
  }
  await changePassword(db, account.id, newPassword);
  return account;
}
