import { count, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';
import type { Role } from '../../contract/api.js';
import { hashPassword } from '../../lib/password.js';

export function findAccountByEmail(db: Db, email: string) {
  return db.select().from(t.accounts).where(eq(t.accounts.email, email)).get();
}

export function countAccounts(db: Db): number {
  return db.select({ n: count() }).from(t.accounts).get()?.n ?? 0;
}

/** Creates the account, or sets a new password on an existing one (the CLI's create-admin). */
export async function upsertAccount(db: Db, email: string, password: string, role: Role): Promise<'created' | 'updated'> {
  const passwordHash = await hashPassword(password);
  const existing = findAccountByEmail(db, email);
  if (existing) {
    db.transaction((tx) => {
      tx.update(t.accounts).set({ passwordHash, role }).where(eq(t.accounts.id, existing.id)).run();
      // A new password signs out every session of the old one.
      tx.delete(t.sessions).where(eq(t.sessions.accountId, existing.id)).run();
    });
    return 'updated';
  }
  db.insert(t.accounts).values({ email, passwordHash, role }).run();
  return 'created';
}

/** A new password for an account: every session of the old one is signed out (the caller starts a new one). */
export async function changePassword(db: Db, accountId: number, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  db.transaction((tx) => {
    tx.update(t.accounts).set({ passwordHash }).where(eq(t.accounts.id, accountId)).run();
    tx.delete(t.sessions).where(eq(t.sessions.accountId, accountId)).run();
  });
}

export function findAccountById(db: Db, id: number) {
  return db.select().from(t.accounts).where(eq(t.accounts.id, id)).get();
}
