/**
 * The hoithi command line: `npm run hoithi -- <command>`.
 *   import <file.json>            create a contest from a contest package
 *   export <slug> [file.json]     write a contest's package (to stdout without a file)
 *   create-admin <email>          create an organizer account, or set a new password on one;
 *                                 the password is HOITHI_ADMIN_PASSWORD, or generated and printed
 *   verify <slug>                 check the score log's hash chain and that the stored sheets
 *                                 equal a replay of the log
 *   backup <file>                 a consistent copy of the database, also while the server runs
 *   restore <file>                bring a backup back (stop the server first)
 *   list                          list the contests
 *   tls                           a local CA and a server certificate for the LAN addresses, in
 *                                 $HOITHI_DATA_DIR/tls, for the HTTPS mode (HOITHI_TLS_CERT/KEY)
 * The database is the server's: $HOITHI_DATA_DIR/hoithi.sqlite (./data by default).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { openDb } from '../db/client.js';
import { loadConfig } from '../server/config.js';
import { contestPackageSchema } from '../server/contract/package.js';
import { backupTo, restoreFrom } from '../server/lib/backup.js';
import { AppError } from '../server/lib/errors.js';
import { wordIssue } from '../server/lib/issues.js';
import { randomPassword } from '../server/lib/password.js';
import { upsertAccount } from '../server/modules/auth/repository.js';
import { listContests, readPackage } from '../server/modules/contests/repository.js';
import { importContest } from '../server/modules/contests/service.js';
import { verifyContest } from '../server/modules/audit/verify.js';
import { certificateHosts, writeTlsFiles } from '../server/lib/tls.js';
import { tlsGuide } from './tls-guide.js';

const USAGE = `usage: npm run hoithi -- <command>
  import <file.json>          create a contest from a contest package
  export <slug> [file.json]   write a contest's package (stdout without a file)
  create-admin <email>        create an organizer account (password: $HOITHI_ADMIN_PASSWORD or generated)
  verify <slug>               check the audit log's hash chain and replay it against the stored sheets
  backup <file>               a consistent copy of the database, also while the server runs
  restore <file>              bring a backup back (stop the server first; the old file is kept)
  list                        list the contests
  tls                         a local CA and an HTTPS certificate for this laptop's LAN addresses`;

const lang = (process.env['LANG'] ?? '').startsWith('vi') ? 'vi' : 'en';

function fail(message: string): never {
  process.stderr.write(message.endsWith('\n') ? message : `${message}\n`);
  process.exit(1);
}

async function run(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  const config = loadConfig();
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === 'tls') {
    // No database: the certificates live beside it, in $HOITHI_DATA_DIR/tls.
    const hosts = certificateHosts();
    const caName = `hoithi local CA (${hostname()})`;
    const files = writeTlsFiles(resolve(config.HOITHI_DATA_DIR), hosts, caName);
    process.stdout.write(tlsGuide(files, hosts, config.PORT, caName));
    return;
  }
  const db = openDb(config.dbFile);
  try {
    switch (command) {
      case 'import': {
        const file = args[0] ?? fail(USAGE);
        let json: unknown;
        try {
          json = JSON.parse(readFileSync(file, 'utf8'));
        } catch (err) {
          fail(`${file}: ${err instanceof Error ? err.message : String(err)}`);
        }
        const parsed = contestPackageSchema.safeParse(json, { reportInput: true });
        if (!parsed.success) {
          const lines = parsed.error.issues.map((i) => {
            const w = wordIssue(i, lang);
            return `  ${w.path || '(root)'}: ${w.message}`;
          });
          fail(`${file}: the package is not valid:\n${lines.join('\n')}`);
        }
        const base = config.HOITHI_PUBLIC_URL ?? `http://localhost:${config.PORT}`;
        try {
          const created = importContest(db, parsed.data, base);
          process.stdout.write(`imported ${created.slug}: ${created.teams.length} teams, ${created.judges.length} judges\n`);
          for (const j of created.judges) process.stdout.write(`  judge ${j.key}: ${j.url}\n`);
        } catch (err) {
          if (err instanceof AppError && err.code === 'SLUG_TAKEN')
            fail(`a contest with slug "${parsed.data.slug}" already exists`);
          throw err;
        }
        return;
      }
      case 'export': {
        const slug = args[0] ?? fail(USAGE);
        const pkg = readPackage(db, slug) ?? fail(`no contest "${slug}"`);
        const { id: _id, createdAt: _createdAt, ...rest } = pkg;
        const json = `${JSON.stringify(rest, null, 2)}\n`;
        if (args[1]) {
          writeFileSync(args[1], json);
          process.stderr.write(`wrote ${args[1]}\n`);
        } else process.stdout.write(json);
        return;
      }
      case 'create-admin': {
        const email = (args[0] ?? fail(USAGE)).trim().toLowerCase();
        if (!/^[^\s@]+@[^\s@]+$/.test(email)) fail(`not an email address: ${email}`);
        const given = process.env['HOITHI_ADMIN_PASSWORD'];
        if (given !== undefined && given.length < 8) fail('HOITHI_ADMIN_PASSWORD needs at least 8 characters');
        const password = given ?? randomPassword();
        const outcome = await upsertAccount(db, email, password, 'organizer');
        process.stdout.write(`${outcome} organizer ${email}\n`);
        if (!given) process.stdout.write(`password: ${password}\n`);
        return;
      }
      case 'verify': {
        const slug = args[0] ?? fail(USAGE);
        if (!readPackage(db, slug)) fail(`no contest "${slug}"`);
        const check = verifyContest(db, slug);
        const problems = [...check.problems, ...check.replayProblems];
        if (!check.ok) fail(`${slug}: NOT OK\n${problems.map((p) => `  ${p}`).join('\n')}`);
        process.stdout.write(`${slug}: ok, ${check.events} events, head ${check.head}\n`);
        return;
      }
      case 'backup': {
        const file = args[0] ?? fail(USAGE);
        await backupTo(db.$client, file);
        process.stdout.write(`backup written to ${file} (integrity ok)\n`);
        return;
      }
      case 'restore': {
        const file = args[0] ?? fail(USAGE);
        db.$client.close();
        await restoreFrom(file, config.dbFile);
        process.stdout.write(`restored ${config.dbFile} from ${file}; the previous file is ${config.dbFile}.before-restore\n`);
        return;
      }
      case 'list': {
        for (const c of listContests(db)) process.stdout.write(`${c.slug}\t${c.date}\t${c.teams} teams\t${c.title}\n`);
        return;
      }
      default:
        fail(`unknown command "${command}"\n${USAGE}`);
    }
  } finally {
    if (db.$client.open) db.$client.close();
  }
}

await run(process.argv.slice(2));
