/**
 * Lists an organizer keeps in a spreadsheet: the contest's units, and teams collected by the
 * organizer. XLSX or CSV, columns found by their header (Vietnamese or English, with or without
 * diacritics); each bad row is reported with its number as the spreadsheet shows it.
 */
import { formatRule, type Lang } from '../../contract/errors.js';
import { cleanText, teamSchema, text, type Team } from '../../contract/package.js';
import { fold } from '../../contract/text.js';
import { wordIssue } from '../../contract/issues.js';
import { teamKeyFor } from './service.js';

export interface RowError {
  row: number;
  field: string;
  message: string;
}

const UNIT_HEADERS = ['don vi', 'ten don vi', 'unit', 'units', 'unit name', 'cdcs', 'cong doan co so'];

/** Every cell cleaned first (contract `cleanText`, keeping line breaks that separate members). */
export const cleanRows = (rows: string[][]) => rows.map((r) => r.map((c) => cleanText(c, { multiline: true })));

/** Units: the column headed "Đơn vị" (or the first column when no header names one). */
export function rowsToUnits(rows: string[][], lang: Lang = 'vi'): { units: string[]; errors: RowError[] } {
  rows = cleanRows(rows);
  const header = (rows[0] ?? []).map((h) => fold(h));
  const headed = header.findIndex((h) => UNIT_HEADERS.includes(h));
  const col = headed >= 0 ? headed : 0;
  const body = headed >= 0 ? rows.slice(1) : rows;
  const first = headed >= 0 ? 2 : 1;
  const units: string[] = [];
  const seen = new Set<string>();
  const errors: RowError[] = [];
  body.forEach((cells, i) => {
    const raw = (cells[col] ?? '').trim();
    if (raw === '') return;
    const parsed = text(300).safeParse(raw);
    if (!parsed.success) {
      errors.push({ row: first + i, field: 'unit', message: wordIssue(parsed.error.issues[0]!, lang).message });
      return;
    }
    if (seen.has(parsed.data.toLowerCase())) return;
    seen.add(parsed.data.toLowerCase());
    units.push(parsed.data);
  });
  return { units, errors };
}

const TEAM_HEADERS: Record<string, string[]> = {
  key: ['key', 'ma', 'ma doi'],
  name: ['ten doi', 'doi', 'doi thi', 'team', 'team name', 'name'],
  unit: UNIT_HEADERS,
  leader: ['truong nhom', 'doi truong', 'nguoi dai dien', 'leader', 'contact'],
  phone: ['dien thoai', 'so dien thoai', 'sdt', 'phone'],
  email: ['email', 'e mail', 'thu dien tu'],
  members: ['thanh vien', 'cac thanh vien', 'members'],
  ideaTitle: ['mo hinh', 'ten mo hinh', 'y tuong', 'ten mo hinh y tuong', 'mo hinh y tuong', 'idea', 'idea title', 'model'],
  summary: ['tom tat', 'mo ta', 'summary', 'description'],
};

/** "Nguyễn Văn A (Đội trưởng); Trần Thị B" → members with roles. */
function parseMembers(cell: string) {
  return cell
    .split(/[;\n]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(s);
      return m && m[1] ? { name: m[1], role: m[2]?.trim() || undefined } : { name: s };
    });
}

/** Teams, keyed from their names (or the "Mã" column), none of whose keys are in `taken`. */
export function rowsToTeams(
  rows: string[][],
  taken: ReadonlySet<string>,
  lang: Lang = 'vi',
): { teams: Team[]; errors: RowError[] } {
  const say = (vi: string, en: string) => (lang === 'vi' ? vi : en);
  rows = cleanRows(rows);
  const header = (rows[0] ?? []).map((h) => fold(h));
  const col = Object.fromEntries(
    Object.entries(TEAM_HEADERS).map(([k, names]) => [k, header.findIndex((h) => names.includes(h))]),
  ) as Record<keyof typeof TEAM_HEADERS, number>;
  const errors: RowError[] = [];
  if (col.name! < 0) errors.push({ row: 1, field: 'name', message: say('Thiếu cột "Tên đội"', 'Missing column "Team name"') });
  if (col.unit! < 0) errors.push({ row: 1, field: 'unit', message: say('Thiếu cột "Đơn vị"', 'Missing column "Unit"') });
  if (errors.length) return { teams: [], errors };
  const keys = new Set(taken);
  const teams: Team[] = [];
  rows.slice(1).forEach((cells, i) => {
    const rowNo = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const get = (c: number | undefined) => (c !== undefined && c >= 0 ? (cells[c] ?? '').trim() : '');
    const givenKey = get(col.key);
    const leader = get(col.leader);
    const candidate = {
      key: givenKey || teamKeyFor(get(col.name), keys),
      name: get(col.name),
      unit: get(col.unit),
      members: parseMembers(get(col.members)),
      ...(get(col.ideaTitle)
        ? { idea: { title: get(col.ideaTitle), ...(get(col.summary) ? { summary: get(col.summary) } : {}) } }
        : {}),
      ...(leader
        ? {
            leader: {
              name: leader,
              ...(get(col.phone) ? { phone: get(col.phone) } : {}),
              ...(get(col.email) ? { email: get(col.email) } : {}),
            },
          }
        : {}),
    };
    if (!leader && (get(col.phone) || get(col.email))) {
      errors.push({ row: rowNo, field: 'leader', message: formatRule('LEADER_REQUIRED', lang) ?? '' });
      return;
    }
    const parsed = teamSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ row: rowNo, field: issue.path.join('.'), message: wordIssue(issue, lang).message });
      return;
    }
    if (keys.has(parsed.data.key)) {
      errors.push({
        row: rowNo,
        field: 'key',
        message: say(`Mã đội "${parsed.data.key}" đã có`, `Team key "${parsed.data.key}" is already taken`),
      });
      return;
    }
    keys.add(parsed.data.key);
    teams.push(parsed.data);
  });
  return { teams, errors };
}
