/** Process configuration: the environment parsed by one zod schema (api.md "Start-up"). */
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseTrustedProxies } from './lib/trust-proxy.js';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  HOITHI_DATA_DIR: z.string().min(1).default('./data'),
  HOITHI_ADMIN_EMAIL: z.string().trim().toLowerCase().optional(),
  HOITHI_ADMIN_PASSWORD: z.string().min(8, 'HOITHI_ADMIN_PASSWORD needs at least 8 characters').optional(),
  /** Set to "0" to start without the demo contest. */
  HOITHI_DEMO: z.enum(['0', '1']).default('1'),
  /** The address printed in private links; defaults to the first LAN address. */
  HOITHI_PUBLIC_URL: z.url().optional(),
  /** New audience-voting device ids per client address per minute (raise it for a venue behind one NAT). */
  HOITHI_VOTE_DEVICES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Live sockets (screens, phones) one client address may hold; staff, judges and teams are not counted. */
  HOITHI_LIVE_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** Live sockets in all; by default the open-file limit (raised to the hard limit at start) minus a reserve. */
  HOITHI_LIVE_SOCKETS_MAX: z.coerce.number().int().min(1).max(1_000_000).optional(),
  /**
   * A Redis server (redis://host:port) the primary publishes the public live view to, for edge
   * processes (issue #14); unset, the server is one process and runs no Redis code.
   */
  HOITHI_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/./, 'HOITHI_REDIS_URL must be a redis:// or rediss:// URL')
    .optional(),
  /**
   * An edge's copy of the primary's device secret (the hex text of its device-secret.key), checked
   * when the edge starts (sharedDeviceSecret in server/modules/votes/device.ts).
   */
  HOITHI_DEVICE_SECRET: z.string().optional(),
  /**
   * The balancers in front of this process (comma-separated addresses and CIDR ranges, e.g.
   * "10.0.0.2,10.0.1.0/24"): from them, X-Forwarded-For names the client; unset, it is never trusted.
   */
  HOITHI_TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const parsed = value === undefined ? { proxies: [] } : parseTrustedProxies(value);
      if ('malformed' in parsed) {
        ctx.addIssue({
          code: 'custom',
          message: `"${parsed.malformed}" is not an address or a CIDR range (e.g. 10.0.0.2, 10.0.1.0/24, ::1)`,
        });
        return z.NEVER;
      }
      return parsed.proxies.length ? parsed.proxies : undefined;
    }),
  /** "edge": a process with no database serving the audience from HOITHI_REDIS_URL. */
  HOITHI_ROLE: z.enum(['primary', 'edge']).default('primary'),
  /** Edge processes sharing the port (node:cluster); only for HOITHI_ROLE=edge, the primary is one process. */
  HOITHI_EDGE_WORKERS: z.coerce.number().int().min(1).max(256).default(1),
  /**
   * The niceness an edge gives itself (0-19; 0 leaves it as started), or `idle` (SCHED_IDLE: it
   * runs only on CPU time nothing else wants): on a machine it shares with the primary, the judges'
   * writes get the CPU first and the audience the rest (server/lib/priority.ts).
   */
  HOITHI_EDGE_NICE: z.union([z.literal('idle'), z.coerce.number().int().min(0).max(19)]).default(10),
  /**
   * The HTTPS mode: a certificate (PEM, with its chain) and its private key, e.g. from
   * `npm run hoithi -- tls`. Both or neither; set, the server listens with TLS only.
   */
  HOITHI_TLS_CERT: z.string().min(1).optional(),
  HOITHI_TLS_KEY: z.string().min(1).optional(),
  /**
   * Where the judges' sheets' group commit runs: "1" on a write thread of its own
   * (db/write-thread.ts), "0" on the event loop, "auto" (the default) by the disk: the event loop
   * when an fsync in the data directory takes 1 ms or less, else the thread (db/fsync-probe.ts).
   */
  HOITHI_WRITE_THREAD: z.enum(['0', '1', 'auto']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof envSchema> & { dbFile: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema
    .refine((c) => c.HOITHI_ROLE !== 'edge' || c.HOITHI_REDIS_URL, {
      path: ['HOITHI_REDIS_URL'],
      message: 'an edge (HOITHI_ROLE=edge) needs HOITHI_REDIS_URL',
    })
    .refine((c) => !c.HOITHI_TLS_CERT === !c.HOITHI_TLS_KEY, {
      path: ['HOITHI_TLS_CERT'],
      message: 'the HTTPS mode needs both HOITHI_TLS_CERT and HOITHI_TLS_KEY',
    })
    .safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dbFile: resolve(parsed.data.HOITHI_DATA_DIR, 'hoithi.sqlite') };
}
