/**
 * How the big screen's scoreboard lays out its rows: on a small projector (1024×768, 1280×720)
 * the board pages through its rows, a few seconds a page, rather than shrinking names below what
 * the back of the hall can read; and the unit column goes when it only repeats the team names.
 * Plain data in, plain data out.
 */
import { fold } from '$contract/text';

/** The smallest row: its team name (58 % of the row) is then about 23 px, never under 20 px. */
export const MIN_ROW_PX = 40;
/** How long a page stays up before the next. */
export const PAGE_MS = 8000;

export interface PageLayout {
  pages: number;
  /** Rows on every page but maybe the last: the rows are spread evenly over the pages. */
  perPage: number;
}

/** The pages of `count` rows in a box `height` px tall, every row at least `minRow` px. */
export function pageLayout(count: number, height: number, minRow = MIN_ROW_PX): PageLayout {
  const capacity = Math.max(1, Math.floor(height / minRow));
  if (count <= capacity) return { pages: 1, perPage: Math.max(count, 1) };
  const pages = Math.ceil(count / capacity);
  return { pages, perPage: Math.ceil(count / pages) };
}

/** The page shown at `now`: every page in turn, `PAGE_MS` each. */
export function pageAt(now: number, pages: number, ms = PAGE_MS): number {
  return pages <= 1 ? 0 : Math.floor(now / ms) % pages;
}

const words = (text: string) => fold(text).split(' ').filter(Boolean);

/** The words every list starts with ("cdcs" of "CĐCS Sở Y tế", "CĐCS Sở Tư pháp"), leaving each at least one. */
function commonLead(lists: readonly string[][]): number {
  const first = lists[0];
  if (!first || lists.length < 2) return 0;
  let n = 0;
  while (n < first.length - 1 && lists.every((l) => n < l.length - 1 && l[n] === first[n])) n++;
  return n;
}

/**
 * True when every word of `unit` is found in `name`, in order, as a word or as the initials of a
 * run of its words ("PTNT" for "Phát triển nông thôn"), case and diacritics aside.
 */
export function repeats(unit: readonly string[], name: readonly string[]): boolean {
  let at = 0;
  for (const word of unit) {
    let found = false;
    while (at < name.length && !found) {
      if (name[at] === word) {
        found = true;
        at += 1;
        break;
      }
      const run = name.slice(at, at + word.length);
      if (word.length > 1 && run.length === word.length && run.map((w) => w[0]).join('') === word) {
        found = true;
        at += word.length;
        break;
      }
      at += 1;
    }
    if (!found) return false;
  }
  return true;
}

/**
 * True when the board's unit column would only repeat its team names: every unit, without the
 * words all units start with ("CĐCS …"), is found in its team's name. An empty unit repeats nothing new.
 */
export function unitsRepeatNames(rows: readonly { name: string; unit: string }[]): boolean {
  if (rows.length === 0) return false;
  const units = rows.map((r) => words(r.unit));
  const lead = commonLead(units.filter((u) => u.length > 0));
  return rows.every((r, i) => {
    const unit = units[i] ?? [];
    return unit.length === 0 || repeats(unit.slice(unit.length > lead ? lead : 0), words(r.name));
  });
}
