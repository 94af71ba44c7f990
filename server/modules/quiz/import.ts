/**
 * Reads a question bank from XLSX or CSV: one question per row, columns found by their header
 * (Vietnamese or English, with or without diacritics): question, A, B, C, D (E, F), answer
 * (a letter or 1-based number), points, time (seconds), and an optional key. Each bad row is
 * reported with its row number as the spreadsheet shows it. The rows come from the bounded reader
 * (server/lib/spreadsheet).
 */
import { cleanText, questionSchema } from '../../contract/package.js';
import type { z } from 'zod';
import type { Lang } from '../../contract/errors.js';
import { fold } from '../../contract/text.js';
import { wordIssue } from '../../contract/issues.js';

type Question = z.output<typeof questionSchema>;
export interface RowError {
  row: number;
  field: string;
  message: string;
}

const HEADERS: Record<string, string[]> = {
  key: ['key', 'ma', 'ma cau hoi'],
  text: ['question', 'cau hoi', 'noi dung', 'noi dung cau hoi', 'text'],
  answer: ['answer', 'dap an', 'dap an dung'],
  points: ['points', 'diem', 'so diem'],
  time: ['time', 'thoi gian', 'thoi gian giay', 'time sec', 'seconds', 'giay'],
};
const CHOICE_LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'];

/** Turns rows (the first one a header) into questions and row errors. */
export function rowsToQuestions(rows: string[][], lang: Lang = 'vi'): { questions: Question[]; errors: RowError[] } {
  // Every cell cleaned first (contract `cleanText`): a cell of only invisible characters is empty.
  rows = rows.map((r) => r.map((c) => cleanText(c, { multiline: true })));
  const say = (vi: string, en: string) => (lang === 'vi' ? vi : en);
  const header = (rows[0] ?? []).map((h) => fold(h));
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const cols = {
    key: col(HEADERS.key!),
    text: col(HEADERS.text!),
    answer: col(HEADERS.answer!),
    points: col(HEADERS.points!),
    time: col(HEADERS.time!),
  };
  const choiceCols = CHOICE_LETTERS.map((l) =>
    header.findIndex((h) => h === l || h === `phuong an ${l}` || h === `choice ${l}`),
  ).filter((i) => i >= 0);
  const errors: RowError[] = [];
  if (cols.text < 0) errors.push({ row: 1, field: 'question', message: say('Thiếu cột "Câu hỏi"', 'Missing column "Question"') });
  if (choiceCols.length < 2)
    errors.push({
      row: 1,
      field: 'choices',
      message: say('Thiếu các cột phương án A, B (C, D)', 'Missing the choice columns A, B (C, D)'),
    });
  if (cols.answer < 0) errors.push({ row: 1, field: 'answer', message: say('Thiếu cột "Đáp án"', 'Missing column "Answer"') });
  if (errors.length) return { questions: [], errors };

  const questions: Question[] = [];
  const seen = new Set<string>();
  rows.slice(1).forEach((cells, i) => {
    const rowNo = i + 2;
    const get = (c: number) => (c >= 0 ? (cells[c] ?? '').trim() : '');
    if (cells.every((c) => c.trim() === '')) return;
    const choices = choiceCols.map(get).filter((c) => c !== '');
    const rawAnswer = fold(get(cols.answer));
    const letter = CHOICE_LETTERS.indexOf(rawAnswer);
    const answer = letter >= 0 ? letter : /^\d+$/.test(rawAnswer) ? Number(rawAnswer) - 1 : NaN;
    const key = get(cols.key) || `c${questions.length + 1}`;
    const candidate = {
      key: seen.has(key) ? `${key}-${rowNo}` : key,
      text: get(cols.text),
      choices,
      answer: Number.isNaN(answer) ? -1 : answer,
      points: cols.points >= 0 && get(cols.points) !== '' ? Number(get(cols.points).replace(',', '.')) : 10,
      ...(cols.time >= 0 && get(cols.time) !== '' ? { timeLimitSec: Number(get(cols.time)) } : {}),
    };
    const parsed = questionSchema.safeParse(candidate, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ row: rowNo, field: String(issue.path[0] ?? ''), message: wordIssue(issue, lang).message });
      return;
    }
    if (parsed.data.answer >= parsed.data.choices.length) {
      errors.push({
        row: rowNo,
        field: 'answer',
        message: say(
          `Đáp án "${get(cols.answer)}" không thuộc ${choices.length} phương án`,
          `Answer "${get(cols.answer)}" is not one of the ${choices.length} choices`,
        ),
      });
      return;
    }
    seen.add(parsed.data.key);
    questions.push(parsed.data);
  });
  return { questions, errors };
}
