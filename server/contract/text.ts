/**
 * Folding Vietnamese text to ASCII, shared by the server and the web app: headers of an uploaded
 * spreadsheet ("Tên đơn vị" → "ten don vi"), keys and slugs ("Đội Sở Tư pháp" → "doi-so-tu-phap"),
 * and the ASCII fallback of a file name.
 */

/** Without diacritics, with đ/Đ as d; case and every other character kept. */
export function stripDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/**
 * Lower-case a–z and 0–9, every other run of characters one `separator`, none at either end:
 * `fold("  Tên đơn vị ")` → "ten don vi", `fold("Hội thi!", "-")` → "hoi-thi".
 */
export function fold(text: string, separator = ' '): string {
  const runs = stripDiacritics(text)
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return runs.filter((r) => r !== '').join(separator);
}

/** A key made from a title: `fold(text, '-')` cut at `max` characters, never ending in a dash. */
export function foldKey(text: string, max = 48): string {
  return fold(text, '-').slice(0, max).replace(/-+$/, '');
}
