/** Numbers and names as the results pages write them. */

const formats = new Map<string, Intl.NumberFormat>();

/**
 * Points with the contest's fixed number of decimals, so that columns line up: "72,17" in
 * Vietnamese, "72.17" in English. The server has already rounded half-up to these decimals.
 */
export function points(n: number, decimals: number, tag: string): string {
  const id = `${tag}/${decimals}`;
  let f = formats.get(id);
  if (!f) {
    f = new Intl.NumberFormat(tag, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formats.set(id, f);
  }
  return f.format(n);
}

/** The first characters of a hash, enough to compare two printouts by eye. */
export function shortHash(hash: string, length = 12): string {
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

/** A moment as HH:MM:SS in the reader's language and time zone. */
export function timeOf(ms: number, tag: string): string {
  return new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(ms);
}

/** The file name a Content-Disposition header gives, if any. */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // Fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name || null;
}
