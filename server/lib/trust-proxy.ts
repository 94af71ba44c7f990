/**
 * HOITHI_TRUST_PROXY (docs/deploy.md "Addresses behind a balancer"): the balancers in front of the
 * server, as addresses and CIDR ranges. A request whose TCP peer is one of them is the client that
 * its X-Forwarded-For names (Fastify's `trustProxy`, so `request.ip`); from any other peer the
 * header is ignored. Unset, no header is ever trusted.
 */
import { BlockList, isIP } from 'node:net';
import { addressOf } from './sockets.js';

/** The names proxy-addr knows, spelt out as ranges so that both checks below agree. */
const NAMED: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** An address, or an address and a prefix length within its family's bits; null when malformed. */
function parseEntry(entry: string): { address: string; prefix: number | null; family: 4 | 6 } | null {
  const [address = '', prefix, ...more] = entry.split('/');
  const family = isIP(address);
  if ((family !== 4 && family !== 6) || more.length > 0) return null;
  if (prefix === undefined) return { address, prefix: null, family };
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128)) return null;
  return { address, prefix: Number(prefix), family };
}

/**
 * The list HOITHI_TRUST_PROXY gives (comma-separated; `loopback`, `linklocal` and `uniquelocal`
 * stand for their ranges), or the first malformed entry. An empty value is no list.
 */
export function parseTrustedProxies(value: string): { proxies: string[] } | { malformed: string } {
  const proxies: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const named = NAMED[entry.toLowerCase()];
    if (named) proxies.push(...named);
    else if (parseEntry(entry)) proxies.push(entry);
    else return { malformed: entry };
  }
  return { proxies };
}

/** Whether a TCP peer is one of the trusted balancers (never, with none). */
export function trustedPeerCheck(proxies: readonly string[] | undefined): (address: string | undefined) => boolean {
  if (!proxies?.length) return () => false;
  const list = new BlockList();
  for (const entry of proxies) {
    const e = parseEntry(entry);
    if (!e) throw new Error(`HOITHI_TRUST_PROXY: "${entry}" is not an address or a CIDR range`);
    const type = e.family === 4 ? 'ipv4' : 'ipv6';
    if (e.prefix === null) list.addAddress(e.address, type);
    else list.addSubnet(e.address, e.prefix, type);
  }
  return (address) => {
    const plain = addressOf(address);
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  };
}
