/**
 * Words for a field path of the contest package, e.g. `rounds.0.criteria.1.step` →
 * "Phần thi «Thuyết trình» › Tiêu chí «Tính khả thi» › bước điểm", naming each item by its title
 * or name in the package the organizer sent when it has one.
 */
import { own } from '$contract/dict';
import type { Messages } from './i18n/vi';

export type SectionKey = 'general' | 'scoring' | 'rounds' | 'teams' | 'judges' | 'prizes';
export const SECTION_ORDER: readonly SectionKey[] = ['general', 'scoring', 'rounds', 'teams', 'judges', 'prizes'];

/** The part of the package a path belongs to. */
export function sectionOf(path: string): SectionKey {
  const head = path.split('.')[0] ?? '';
  if (head === 'rounds' || head === 'teams' || head === 'judges' || head === 'prizes') return head;
  if (head === 'aggregation' || head === 'tiebreak') return 'scoring';
  return 'general';
}

type Namer = (label: string) => string;

/** How an item of each list is called, and which of its fields names it. */
function listWords(t: Pick<Messages, 'paths'>): Record<string, { word: Namer; nameField?: string }> {
  const p = t.paths;
  return {
    rounds: { word: p.round, nameField: 'title' },
    criteria: { word: p.criterion, nameField: 'title' },
    questions: { word: p.question },
    choices: { word: p.choice },
    teams: { word: p.team, nameField: 'name' },
    members: { word: p.member, nameField: 'name' },
    judges: { word: p.judge, nameField: 'name' },
    conflicts: { word: p.conflict },
    prizes: { word: p.prize, nameField: 'title' },
    tiebreak: { word: p.tiebreak },
  };
}

const INDEX = /^\d+$/;
const MAX_NAME = 60;

function child(value: unknown, segment: string): unknown {
  if (Array.isArray(value) && INDEX.test(segment)) return value[Number(segment)];
  // Segments are user keys (a criterion "constructor"): own values only, never an inherited property.
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return own(value as Record<string, unknown>, segment);
  return undefined;
}

function nameOf(item: unknown, field: string | undefined): string | undefined {
  if (!field || typeof item !== 'object' || item === null) return undefined;
  const name = own(item as Record<string, unknown>, field);
  if (typeof name !== 'string') return undefined;
  const trimmed = name.trim();
  if (!trimmed) return undefined;
  // Keep whole words: cut at a space before the limit, never inside a word.
  if (trimmed.length <= MAX_NAME) return trimmed;
  const cut = trimmed.slice(0, MAX_NAME);
  const space = cut.lastIndexOf(' ');
  return `${space > 20 ? cut.slice(0, space) : cut}…`;
}

/** The parts of a path in words, outermost first. */
export function describePath(path: string, pkg: unknown, t: Pick<Messages, 'paths'>): string[] {
  if (!path) return [t.paths.whole];
  const words = listWords(t);
  const fields = t.paths.fields as Record<string, string>;
  const segments = path.split('.');
  const parts: string[] = [];
  let value: unknown = pkg;

  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    const next = segments[i + 1];
    const list = own(words, segment);
    if (list && next !== undefined && INDEX.test(next)) {
      // A list followed by an index: one item of it, named when the package names it.
      const items = child(value, segment);
      const item = child(items, next);
      const name = nameOf(item, list.nameField);
      parts.push(list.word(name ? `«${name}»` : String(Number(next) + 1)));
      value = item;
      i++;
      continue;
    }
    if (INDEX.test(segment)) parts.push(t.paths.item(String(Number(segment) + 1)));
    else parts.push(own(fields, segment) ?? segment);
    value = child(value, segment);
  }
  return parts;
}
