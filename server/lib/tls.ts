/**
 * The HTTPS mode (issue #16): a local certificate authority and a server certificate for the
 * laptop's LAN addresses, made with Node's own crypto (no openssl, no package), and the loading of
 * HOITHI_TLS_CERT / HOITHI_TLS_KEY with an error that names the file.
 *
 * A secure context is what lets the judge's tablet run a service worker, so the judge page opens
 * with no network. The certificates are X.509 v3 with ECDSA P-256 keys, signed with SHA-256; the
 * server certificate lives 800 days (iOS refuses server certificates of more than 825) and names
 * every address in its subjectAltName, the CA ten years.
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';

// --- A minimal DER writer: just what a certificate needs. ---

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...content: Buffer[]) => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
};
const seq = (...parts: Buffer[]) => tlv(0x30, ...parts);
const set = (...parts: Buffer[]) => tlv(0x31, ...parts);
const explicit = (n: number, content: Buffer) => tlv(0xa0 + n, content);
const octets = (b: Buffer) => tlv(0x04, b);
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
/** A non-negative INTEGER from its big-endian bytes. */
function uint(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && (b[1]! & 0x80) === 0) b = b.subarray(1);
  return tlv(0x02, (b[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), b]) : b);
}
/** A BIT STRING of whole bytes, `unused` low bits of the last one not counted. */
const bits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.from([unused]), b);
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a! + b!];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}
/** UTCTime until 2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2))) : tlv(0x18, Buffer.from(iso));
}

const OID = {
  ecdsaSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyId: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

const name = (cn: string) => seq(set(seq(oid(OID.organization), utf8('hoithi'))), set(seq(oid(OID.commonName), utf8(cn))));
const extension = (id: string, critical: boolean, value: Buffer) =>
  seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
const keyId = (key: KeyObject) =>
  createHash('sha1')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest();

interface Signed {
  /** PEM of the certificate. */
  cert: string;
  /** PEM (PKCS#8) of its private key. */
  key: string;
}

function certificate(opts: {
  subject: string;
  publicKey: KeyObject;
  issuer: { name: string; key: KeyObject; keyId: Buffer };
  days: number;
  extensions: Buffer[];
  now: Date;
}): string {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const algorithm = seq(oid(OID.ecdsaSha256));
  const notBefore = new Date(opts.now.getTime() - 60 * 60 * 1000); // a tablet's clock may be a little behind
  const notAfter = new Date(opts.now.getTime() + opts.days * 24 * 60 * 60 * 1000);
  const tbs = seq(
    explicit(0, uint(Buffer.from([2]))),
    uint(serial),
    algorithm,
    name(opts.issuer.name),
    seq(time(notBefore), time(notAfter)),
    name(opts.subject),
    opts.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      seq(
        ...opts.extensions,
        extension(OID.subjectKeyId, false, octets(keyId(opts.publicKey))),
        extension(OID.authorityKeyId, false, seq(tlv(0x80, opts.issuer.keyId))),
      ),
    ),
  );
  const der = seq(tbs, algorithm, bits(sign('sha256', tbs, opts.issuer.key)));
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64.trimEnd()}\n-----END CERTIFICATE-----\n`;
}

const newKey = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pkcs8 = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A certificate authority to install on the tablets: signs certificates and nothing else. */
export function makeCa(commonName: string, now = new Date()): Signed {
  const { publicKey, privateKey } = newKey();
  const cert = certificate({
    subject: commonName,
    publicKey,
    issuer: { name: commonName, key: privateKey, keyId: keyId(publicKey) },
    days: 3650,
    now,
    extensions: [
      extension(OID.basicConstraints, true, seq(bool(true), uint(Buffer.from([0])))),
      // keyCertSign and cRLSign (bits 5 and 6).
      extension(OID.keyUsage, true, bits(Buffer.from([0x06]), 1)),
    ],
  });
  return { cert, key: pkcs8(privateKey) };
}

/** A server certificate for `hosts` (DNS names and IPv4 addresses), signed by `ca`. */
export function makeServerCert(ca: Signed, hosts: string[], now = new Date()): Signed {
  if (hosts.length === 0) throw new Error('a server certificate needs at least one host');
  const caCert = new X509Certificate(ca.cert);
  const caKey = createPrivateKey(ca.key);
  const { publicKey, privateKey } = newKey();
  const altNames = hosts.map((h) =>
    isIPv4(h) ? tlv(0x87, Buffer.from(h.split('.').map(Number))) : tlv(0x82, Buffer.from(h, 'ascii')),
  );
  const cert = certificate({
    subject: hosts[0]!,
    publicKey,
    issuer: { name: commonNameOf(caCert), key: caKey, keyId: keyId(caCert.publicKey) },
    days: 800,
    now,
    extensions: [
      extension(OID.basicConstraints, true, seq()),
      // digitalSignature (bit 0): what an ECDHE handshake signs with.
      extension(OID.keyUsage, true, bits(Buffer.from([0x80]), 7)),
      extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth))),
      extension(OID.subjectAltName, false, seq(...altNames)),
    ],
  });
  return { cert, key: pkcs8(privateKey) };
}

function commonNameOf(cert: X509Certificate): string {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
  if (!cn) throw new Error('the CA certificate has no common name');
  return cn;
}

export interface TlsFiles {
  dir: string;
  caCert: string;
  caKey: string;
  cert: string;
  key: string;
  /** Whether the CA was made now (false: the one already there was kept, tablets need nothing new). */
  newCa: boolean;
}

/**
 * Writes $dataDir/tls/{ca.crt,ca.key,server.crt,server.key}. An existing CA is kept, so tablets
 * that already trust it go on working; the server certificate is always made anew for `hosts`.
 */
export function writeTlsFiles(dataDir: string, hosts: string[], caName: string, now = new Date()): TlsFiles {
  const dir = join(dataDir, 'tls');
  mkdirSync(dir, { recursive: true });
  const paths = {
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    cert: join(dir, 'server.crt'),
    key: join(dir, 'server.key'),
  };
  const newCa = !(existsSync(paths.caCert) && existsSync(paths.caKey));
  const ca = newCa ? makeCa(caName, now) : { cert: readFileSync(paths.caCert, 'utf8'), key: readFileSync(paths.caKey, 'utf8') };
  if (newCa) {
    writeSecret(paths.caKey, ca.key);
    writeFileSync(paths.caCert, ca.cert, { mode: 0o644 });
  }
  const server = makeServerCert(ca, hosts, now);
  writeSecret(paths.key, server.key);
  // The chain: a client that trusts the CA gets everything it needs from the server.
  writeFileSync(paths.cert, server.cert + ca.cert, { mode: 0o644 });
  return { dir, ...paths, newCa };
}

function writeSecret(file: string, text: string) {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/**
 * Reads HOITHI_TLS_CERT and HOITHI_TLS_KEY for Fastify's `https` option; an unreadable file, one
 * that is not PEM, or a key that does not belong to the certificate is an error naming the file.
 */
export function loadTls(certFile: string, keyFile: string): { cert: Buffer; key: Buffer } {
  const read = (variable: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
      throw new Error(`${variable}: cannot read ${file} (${why})`);
    }
  };
  const cert = read('HOITHI_TLS_CERT', certFile);
  const key = read('HOITHI_TLS_KEY', keyFile);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new Error(`HOITHI_TLS_CERT: ${certFile} is not a PEM certificate`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new Error(`HOITHI_TLS_KEY: ${keyFile} is not a PEM private key`);
  }
  if (!x509.checkPrivateKey(privateKey))
    throw new Error(`HOITHI_TLS_KEY: ${keyFile} is not the key of the certificate in ${certFile}`);
  return { cert, key };
}

/** What the server certificate names: the laptop's LAN IPv4 addresses (what tablets open), then localhost. */
export function certificateHosts(): string[] {
  const lan = Object.values(networkInterfaces()).flatMap((list) =>
    (list ?? []).filter((a) => a.family === 'IPv4' && !a.internal).map((a) => a.address),
  );
  return [...new Set([...lan, 'localhost', '127.0.0.1'])];
}
