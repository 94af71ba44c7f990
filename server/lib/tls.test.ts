import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request, createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTls, makeCa, makeServerCert, writeTlsFiles } from './tls.js';

const dir = mkdtempSync(join(tmpdir(), 'hoithi-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One HTTPS request to a server with `cert`/`key`, trusting only `ca`, to `host`; the status or the TLS error's code. */
async function handshake(cert: string, key: string, ca: string, servername: string): Promise<string> {
  const server = createServer({ cert, key }, (_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  try {
    return await new Promise<string>((done) => {
      const req = request({ host: '127.0.0.1', port, servername, ca, path: '/', agent: false }, (res) => {
        res.resume();
        done(String(res.statusCode));
      });
      req.on('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
      req.end();
    });
  } finally {
    server.close();
  }
}

describe('the local CA and server certificate', () => {
  const ca = makeCa('hoithi test CA');
  const server = makeServerCert(ca, ['192.168.1.10', 'localhost', '127.0.0.1']);
  const caCert = new X509Certificate(ca.cert);
  const cert = new X509Certificate(server.cert);

  it('makes a CA that signs only certificates, and a server certificate it issued for every host', () => {
    expect(caCert.ca).toBe(true);
    expect(caCert.verify(caCert.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe('IP Address:192.168.1.10, DNS:localhost, IP Address:127.0.0.1');
    expect(cert.checkIP('192.168.1.10')).toBe('192.168.1.10');
    expect(cert.checkHost('localhost')).toBe('localhost');
    // Control: an address it was not made for.
    expect(cert.checkIP('192.168.1.11')).toBeUndefined();
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    // iOS refuses server certificates valid for more than 825 days.
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(days).toBeLessThanOrEqual(825);
    expect(days).toBeGreaterThan(700);
  });

  it('passes a real TLS handshake from a client that trusts the CA, and only such a client', async () => {
    expect(await handshake(server.cert, server.key, ca.cert, 'localhost')).toBe('200');
    const other = makeCa('another CA');
    expect(await handshake(server.cert, server.key, other.cert, 'localhost')).toMatch(/UNABLE_TO_VERIFY|SELF_SIGNED|CERT/);
  });
});

describe('the tls files and HOITHI_TLS_CERT / HOITHI_TLS_KEY', () => {
  it('writes the CA and the server certificate, keeps the CA on a second run, and the server loads them', () => {
    const data = join(dir, 'data');
    const first = writeTlsFiles(data, ['localhost', '127.0.0.1'], 'hoithi test CA');
    expect(first.newCa).toBe(true);
    expect(statSync(first.caKey).mode & 0o777).toBe(0o600);
    expect(statSync(first.key).mode & 0o777).toBe(0o600);
    const caBefore = readFileSync(first.caCert, 'utf8');
    const second = writeTlsFiles(data, ['10.0.0.5', 'localhost'], 'hoithi test CA');
    expect(second.newCa).toBe(false);
    expect(readFileSync(second.caCert, 'utf8')).toBe(caBefore);
    const loaded = loadTls(second.cert, second.key);
    const leaf = new X509Certificate(loaded.cert);
    expect(leaf.checkIP('10.0.0.5')).toBe('10.0.0.5');
    expect(leaf.checkIssued(new X509Certificate(caBefore))).toBe(true);
  });

  it('names the file that is missing, not PEM, or a key of another certificate', () => {
    const a = makeServerCert(makeCa('a'), ['localhost']);
    const b = makeServerCert(makeCa('b'), ['localhost']);
    const file = (n: string, text: string) => {
      writeFileSync(join(dir, n), text);
      return join(dir, n);
    };
    const cert = file('a.crt', a.cert);
    const key = file('a.key', a.key);
    expect(() => loadTls(join(dir, 'none.crt'), key)).toThrow(
      `HOITHI_TLS_CERT: cannot read ${join(dir, 'none.crt')} (no such file)`,
    );
    expect(() => loadTls(cert, join(dir, 'none.key'))).toThrow(`HOITHI_TLS_KEY: cannot read ${join(dir, 'none.key')}`);
    expect(() => loadTls(file('junk.crt', 'hello'), key)).toThrow('is not a PEM certificate');
    expect(() => loadTls(cert, file('junk.key', 'hello'))).toThrow('is not a PEM private key');
    expect(() => loadTls(cert, file('b.key', b.key))).toThrow('is not the key of the certificate');
    expect(loadTls(cert, key).cert.toString()).toBe(a.cert);
  });
});
