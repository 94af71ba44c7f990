/**
 * Every word the exported documents print, in Vietnamese and English, and the number and date
 * formats of each language. Renderers never hard-code a label.
 */
import type { Lang } from '../../contract/errors.js';
import type { ResultsTable } from '../results/table.js';

export type { Lang };

export interface Labels {
  rank: string;
  teamKey: string;
  team: string;
  unit: string;
  total: string;
  prizes: string;
  judge: string;
  jury: string;
  note: string;
  roundScore: string;
  /** Short marker for a judge with a conflict of interest with the team. */
  conflictShort: string;
  conflictLong: string;
  conflictNotMarked: string;
  notSubmitted: string;
  none: string;
  provisional: string;
  withdrawn: string;
  disqualified: string;
  standingsSheet: string;
  roundSheetFallback: (n: number) => string;
  // minutes
  motto1: string;
  motto2: string;
  organizingCommittee: string;
  minutesTitle: string;
  minutesDocTitle: string;
  dateLabel: string;
  venueLabel: string;
  methodLabel: string;
  tiebreakLabel: string;
  sectionStandings: string;
  sectionJudges: string;
  sectionPrizes: string;
  roundHeading: (i: number, title: string, weight: string) => string;
  legend: string;
  noWinnerYet: string;
  headOfJury: string;
  secretary: string;
  signHint: string;
  auditLine: (events: number, head: string, at: string) => string;
  auditBroken: string;
  page: (x: number, y: number) => string;
  closing: string;
  // score sheets
  sheetTitle: string;
  sheetDocTitle: string;
  roundLabel: string;
  judgeLabel: string;
  no: string;
  maxPoints: (max: string) => string;
  sheetTotal: string;
  sheetHint: string;
  judgeSignature: string;
  noRubricRound: string;
  // certificates
  certificateTitle: string;
  certificateDocTitle: string;
  awardTo: string;
  teamOf: (name: string) => string;
  achieved: (prize: string) => string;
  atContest: (title: string) => string;
  serial: (s: string) => string;
  verifyAt: string;
  onBehalf: string;
}

const vi: Labels = {
  rank: 'Hạng',
  teamKey: 'Mã đội',
  team: 'Đội thi',
  unit: 'Đơn vị',
  total: 'Tổng điểm',
  prizes: 'Giải thưởng',
  judge: 'Giám khảo',
  jury: 'Thành phần Ban Giám khảo',
  note: 'Ghi chú',
  roundScore: 'Điểm phần thi',
  conflictShort: 'XĐLI',
  conflictLong: 'Xung đột lợi ích',
  conflictNotMarked: 'Xung đột lợi ích – không chấm',
  notSubmitted: 'Chưa nộp phiếu',
  none: '—',
  provisional: 'tạm tính',
  withdrawn: 'đã rút',
  disqualified: 'bị loại',
  standingsSheet: 'Xếp hạng',
  roundSheetFallback: (n) => `Phần thi ${n}`,
  motto1: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  motto2: 'Độc lập - Tự do - Hạnh phúc',
  organizingCommittee: 'BAN TỔ CHỨC HỘI THI',
  minutesTitle: 'BIÊN BẢN TỔNG HỢP KẾT QUẢ CHẤM THI',
  minutesDocTitle: 'Biên bản tổng hợp kết quả chấm thi',
  dateLabel: 'Thời gian',
  venueLabel: 'Địa điểm',
  methodLabel: 'Phương pháp tổng hợp',
  tiebreakLabel: 'Khi bằng tổng điểm',
  sectionStandings: 'I. BẢNG TỔNG HỢP ĐIỂM VÀ XẾP HẠNG',
  sectionJudges: 'II. ĐIỂM CHẤM CỦA TỪNG GIÁM KHẢO',
  sectionPrizes: 'III. DANH SÁCH ĐOẠT GIẢI',
  roundHeading: (i, title, weight) => `${i}. Phần thi ${title} (hệ số ${weight})`,
  legend:
    'Ghi chú: số trong ô là tổng điểm phiếu chấm của giám khảo; XĐLI: xung đột lợi ích (giám khảo không chấm đội này); —: chưa có phiếu.',
  noWinnerYet: 'Chưa xác định',
  headOfJury: 'TRƯỞNG BAN GIÁM KHẢO',
  secretary: 'THƯ KÝ',
  signHint: '(Ký, ghi rõ họ tên)',
  auditLine: (events, head, at) =>
    `Nhật ký chấm thi: ${events} sự kiện; mã băm cuối chuỗi (SHA-256): ${head}. Biên bản được lập lúc ${at}.`,
  auditBroken: 'CẢNH BÁO: chuỗi nhật ký không toàn vẹn, cần kiểm tra trước khi ký.',
  page: (x, y) => `Trang ${x}/${y}`,
  closing: 'Biên bản được lập từ dữ liệu chấm thi của hệ thống hoithi và được các thành viên dưới đây xác nhận.',
  sheetTitle: 'PHIẾU CHẤM ĐIỂM',
  sheetDocTitle: 'Phiếu chấm điểm',
  roundLabel: 'Phần thi',
  judgeLabel: 'Giám khảo',
  no: 'STT',
  maxPoints: (max) => `(tối đa ${max})`,
  sheetTotal: 'Tổng',
  sheetHint: 'Ô trống: giám khảo ghi điểm bằng tay. Ô có số: điểm đã nộp trên hệ thống.',
  judgeSignature: 'GIÁM KHẢO',
  noRubricRound: 'Hội thi không có phần thi chấm bằng phiếu.',
  certificateTitle: 'GIẤY KHEN',
  certificateDocTitle: 'Giấy khen',
  awardTo: 'TẶNG',
  teamOf: (name) => (/^đội\s/iu.test(name) ? name : `Đội ${name}`),
  achieved: (prize) => (/^giải\s/iu.test(prize) ? `Đã đạt ${prize}` : `Đã đạt giải “${prize}”`),
  atContest: (title) => `tại ${title}`,
  serial: (s) => `Số: ${s}`,
  verifyAt: 'Xác thực',
  onBehalf: 'TM. BAN TỔ CHỨC',
};

const en: Labels = {
  rank: 'Rank',
  teamKey: 'Team key',
  team: 'Team',
  unit: 'Unit',
  total: 'Total',
  prizes: 'Prizes',
  judge: 'Judge',
  jury: 'The jury',
  note: 'Note',
  roundScore: 'Round score',
  conflictShort: 'COI',
  conflictLong: 'Conflict of interest',
  conflictNotMarked: 'Conflict of interest – not marked',
  notSubmitted: 'Not submitted',
  none: '—',
  provisional: 'provisional',
  withdrawn: 'withdrawn',
  disqualified: 'disqualified',
  standingsSheet: 'Standings',
  roundSheetFallback: (n) => `Round ${n}`,
  motto1: 'SOCIALIST REPUBLIC OF VIET NAM',
  motto2: 'Independence - Freedom - Happiness',
  organizingCommittee: 'ORGANIZING COMMITTEE',
  minutesTitle: 'MINUTES OF THE SCORING RESULTS',
  minutesDocTitle: 'Minutes of the scoring results',
  dateLabel: 'Date',
  venueLabel: 'Venue',
  methodLabel: 'Aggregation',
  tiebreakLabel: 'Equal totals',
  sectionStandings: 'I. SCORES AND STANDINGS',
  sectionJudges: 'II. EACH JUDGE’S MARKS',
  sectionPrizes: 'III. PRIZE WINNERS',
  roundHeading: (i, title, weight) => `${i}. Round ${title} (weight ${weight})`,
  legend:
    'Note: a number is the total of the judge’s score sheet; COI: conflict of interest (the judge does not mark this team); —: no sheet yet.',
  noWinnerYet: 'Not decided yet',
  headOfJury: 'HEAD OF THE JURY',
  secretary: 'SECRETARY',
  signHint: '(Signature and full name)',
  auditLine: (events, head, at) =>
    `Scoring log: ${events} events; final hash of the chain (SHA-256): ${head}. Generated at ${at}.`,
  auditBroken: 'WARNING: the log chain is not intact; check it before signing.',
  page: (x, y) => `Page ${x}/${y}`,
  closing: 'These minutes were generated from the scoring data of hoithi and are confirmed by the undersigned.',
  sheetTitle: 'SCORE SHEET',
  sheetDocTitle: 'Score sheets',
  roundLabel: 'Round',
  judgeLabel: 'Judge',
  no: 'No.',
  maxPoints: (max) => `(max ${max})`,
  sheetTotal: 'Total',
  sheetHint: 'Empty boxes: the judge writes the mark by hand. Printed numbers: marks submitted in the system.',
  judgeSignature: 'JUDGE',
  noRubricRound: 'This contest has no round scored with sheets.',
  certificateTitle: 'CERTIFICATE OF MERIT',
  certificateDocTitle: 'Certificates',
  awardTo: 'PRESENTS THIS CERTIFICATE TO',
  teamOf: (name) => (/^(đội|team)\s/iu.test(name) ? name : `Team ${name}`),
  achieved: (prize) => `for winning “${prize}”`,
  atContest: (title) => `at the ${title}`,
  serial: (s) => `No. ${s}`,
  verifyAt: 'Verify',
  onBehalf: 'FOR THE ORGANIZING COMMITTEE',
};

export function labelsFor(lang: Lang): Labels {
  return lang === 'en' ? en : vi;
}

/** Decimal places of a value held in hundredths: 0, 1 or 2. */
function placesOf(n: number): number {
  const h = Math.round(Math.abs(n) * 100);
  return h % 100 === 0 ? 0 : h % 10 === 0 ? 1 : 2;
}

/**
 * A number as documents print it: exactly `decimals` places (never fewer digits than the value
 * holds when `exact`, for raw marks), Vietnamese with a decimal comma.
 */
export function fmtNumber(n: number, decimals: number, lang: Lang | 'plain', exact = false): string {
  const s = n.toFixed(exact ? Math.max(decimals, placesOf(n)) : decimals);
  return lang === 'vi' ? s.replace('.', ',') : s;
}

/** A weight without trailing zeros: 1, 2, 1,5. */
export function fmtWeight(n: number, lang: Lang): string {
  const s = String(Math.round(n * 100) / 100);
  return lang === 'vi' ? s.replace('.', ',') : s;
}

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "ngày 20 tháng 9 năm 2019" (Nghị định 30/2020: a zero before days below 10 and months 1 and 2). */
export function fmtLongDate(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const month = Number(mo);
  if (lang === 'en') return `${Number(d)} ${EN_MONTHS[month - 1] ?? mo} ${y}`;
  return `ngày ${d} tháng ${month <= 2 ? mo : String(month)} năm ${y}`;
}

/** "20/09/2019" or "20 September 2019". */
export function fmtShortDate(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return lang === 'en' ? fmtLongDate(iso, lang) : `${m[3]}/${m[2]}/${m[1]}`;
}

/** A timestamp in the venue's time (Viet Nam, UTC+7): "20/09/2019 16:05 (GMT+7)". */
export function fmtTimestamp(iso: string, lang: Lang): string {
  const at = new Date(Date.parse(iso) + 7 * 3600_000);
  if (Number.isNaN(at.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${p(at.getUTCDate())}/${p(at.getUTCMonth() + 1)}/${at.getUTCFullYear()}`;
  const time = `${p(at.getUTCHours())}:${p(at.getUTCMinutes())}`;
  return lang === 'en'
    ? `${at.getUTCFullYear()}-${p(at.getUTCMonth() + 1)}-${p(at.getUTCDate())} ${time} (GMT+7)`
    : `${time} ngày ${date} (GMT+7)`;
}

/**
 * The place name of the "<place>, ngày … tháng … năm …" line: the last part of the venue
 * ("Hội trường …, 09 Hai Bà Trưng, Pleiku" → "Pleiku").
 */
export function placeName(venue: string | null): string | null {
  if (!venue) return null;
  const last = venue
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .pop();
  return last ?? null;
}

/** "<place>, ngày 20 tháng 9 năm 2019", or the date alone without a venue. */
export function placeAndDate(venue: string | null, iso: string, lang: Lang): string {
  const place = placeName(venue);
  const date = fmtLongDate(iso, lang);
  if (lang === 'en') return place ? `${place}, ${date}` : date;
  return place ? `${place}, ${date}` : date.charAt(0).toUpperCase() + date.slice(1);
}

/** The aggregation rules in words, for the minutes. */
export function methodInWords(table: ResultsTable, lang: Lang): string {
  const { method, trim, decimals } = table.contest;
  const weights = table.rounds.map((r) => `${r.title} × ${fmtWeight(r.weight, lang)}`).join('; ');
  if (lang === 'en') {
    const agg =
      method === 'mean'
        ? 'the mean of the totals of the valid score sheets'
        : method === 'median'
          ? 'the median of the totals of the valid score sheets (for an even number, the mean of the two middle values)'
          : `the mean of the totals of the valid score sheets after dropping the ${trim} highest and the ${trim} lowest (when there are more than ${2 * trim} sheets; otherwise the plain mean)`;
    return (
      `A team's score in a round scored with sheets is ${agg}; a valid sheet is a submitted sheet of a judge without a conflict of interest with the team. ` +
      `A quiz round scores the points of the correct answers; a direct round the points entered by the organizers. ` +
      `Total = Σ weight × round score (${weights}). Ranks compare exact values; numbers are rounded half up to ${decimals} decimal places for display only.`
    );
  }
  const agg =
    method === 'mean'
      ? 'trung bình cộng tổng điểm các phiếu chấm hợp lệ'
      : method === 'median'
        ? 'trung vị tổng điểm các phiếu chấm hợp lệ (số phiếu chẵn thì lấy trung bình cộng hai giá trị ở giữa)'
        : `trung bình cộng tổng điểm các phiếu chấm hợp lệ sau khi loại ${trim} điểm cao nhất và ${trim} điểm thấp nhất (khi có nhiều hơn ${2 * trim} phiếu; nếu không thì lấy trung bình cộng tất cả các phiếu)`;
  return (
    `Điểm của đội ở phần thi chấm bằng phiếu là ${agg}; phiếu hợp lệ là phiếu đã nộp của giám khảo không có xung đột lợi ích với đội. ` +
    `Phần thi kiến thức tính tổng điểm các câu trả lời đúng; phần thi chấm trực tiếp tính điểm do Ban Tổ chức nhập. ` +
    `Tổng điểm = Σ hệ số × điểm phần thi (${weights}). Xếp hạng theo giá trị chính xác; điểm được làm tròn (nửa lên) đến ${decimals} chữ số thập phân khi hiển thị.`
  );
}

/** The tiebreak list in words ("điểm phần thi Thuyết trình, rồi điểm phần thi Kiến thức"). */
export function tiebreakInWords(table: ResultsTable, tiebreak: readonly string[], lang: Lang): string | null {
  const titles = tiebreak
    .map((tb) => table.rounds.find((r) => `round:${r.key}` === tb)?.title)
    .filter((x): x is string => x !== undefined);
  if (!titles.length) return null;
  return lang === 'en'
    ? `the higher score in ${titles.map((t) => `round ${t}`).join(', then in ')} goes first; teams still equal share the rank.`
    : `đội có điểm phần thi ${titles.join(', rồi điểm phần thi ')} cao hơn xếp trên; vẫn bằng nhau thì đồng hạng.`;
}

export interface PrizeMention {
  key: string;
  title: string;
  provisional: boolean;
}

/** The prizes a team holds, in the contest's prize order, provisional ones flagged. */
export function prizesOfTeam(table: ResultsTable, team: string): PrizeMention[] {
  return table.prizes
    .filter((p) => p.winners.some((w) => w.team === team))
    .map((p) => ({ key: p.key, title: p.title, provisional: p.provisional }));
}

/** "Giải Nhất; Thí sinh xuất sắc (tạm tính)". */
export function prizeList(table: ResultsTable, team: string, lang: Lang): string {
  const L = labelsFor(lang);
  return prizesOfTeam(table, team)
    .map((p) => (p.provisional ? `${p.title} (${L.provisional})` : p.title))
    .join('; ');
}

/** The jury's head: the first judge whose title says "Trưởng ban" (not "Phó Trưởng ban"). */
export function headOfJury(table: ResultsTable): ResultsTable['judges'][number] | null {
  const norm = (s: string | null) => (s ?? '').normalize('NFC').toLocaleLowerCase('vi');
  const heads = table.judges.filter((j) => norm(j.title).includes('trưởng ban'));
  return heads.find((j) => !/phó\s+trưởng ban/u.test(norm(j.title))) ?? heads[0] ?? null;
}

/** The judge's name with the title: "Lê Quang Minh – Trưởng ban Giám khảo". */
export function judgeWithTitle(j: { name: string; title: string | null }): string {
  return j.title ? `${j.name} – ${j.title}` : j.name;
}
