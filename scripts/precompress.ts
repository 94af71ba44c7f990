/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside every compressible file of a built web app,
 * so that the server sends them as they are (@fastify/static `preCompressed`) instead of
 * compressing on each request or sending them uncompressed. A copy is kept only when it is smaller.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.webmanifest', '.xml', '.map']);
/** Below this size the headers cost more than compression saves. */
const MIN_BYTES = 512;

export interface PrecompressReport {
  files: number;
  bytes: number;
  brotli: number;
  gzip: number;
}

export function precompress(dir: string): PrecompressReport {
  const report: PrecompressReport = { files: 0, bytes: 0, brotli: 0, gzip: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.has(extname(entry.name))) continue;
    const path = join(entry.parentPath, entry.name);
    if (statSync(path).size < MIN_BYTES) continue;
    const body = readFileSync(path);
    const br = brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
    const gz = gzipSync(body, { level: 9 });
    report.files++;
    report.bytes += body.length;
    if (br.length < body.length) {
      writeFileSync(`${path}.br`, br);
      report.brotli += br.length;
    }
    if (gz.length < body.length) {
      writeFileSync(`${path}.gz`, gz);
      report.gzip += gz.length;
    }
  }
  return report;
}
