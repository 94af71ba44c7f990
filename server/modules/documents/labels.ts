/**
 * Every word the exported documents print, in Vietnamese and English, and the number and date
 * formats of each language. Renderers never hard-code a label.
 */
import type { Lang } from '../../contract/errors.js';
import { longDate } from '../../contract/format.js';
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
  /** The judges' comments under a score sheet. */
  commentsHeading: string;
  // the minutes: signatures and the changes after marking
  chair: string;
  jurySignatures: string;
  sectionChanges: string;
  changesIntro: string;
  noChanges: string;
  changeTime: string;
  changeWhat: string;
  changeWho: string;
  changeReason: string;
  /** One change in words (see describeChange). */
  change: (w: ChangeWords) => string;
  methodShort: (method: string, trim: number, decimals: number) => string;
  editedParts: Record<'policy' | 'rounds' | 'prizes' | 'teams' | 'judges', string>;
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
  commentsHeading: 'Nhận xét của giám khảo',
  chair: 'TRƯỞNG BAN TỔ CHỨC',
  jurySignatures: 'CÁC THÀNH VIÊN BAN GIÁM KHẢO',
  sectionChanges: 'IV. CÁC THAY ĐỔI SAU KHI CHẤM',
  changesIntro:
    'Các lần sửa phiếu chấm, mở khóa kết quả, khóa khi chưa đủ phiếu, công bố khi chưa đủ điều kiện, thay đổi cách tính điểm và các thay đổi khác sau khi bắt đầu chấm, theo nhật ký chấm thi.',
  noChanges: 'Không có thay đổi nào sau khi bắt đầu chấm.',
  changeTime: 'Thời gian',
  changeWhat: 'Nội dung thay đổi',
  changeWho: 'Người thực hiện',
  changeReason: 'Lý do',
  change: (w) => {
    const where = `${w.round ? ` phần thi ${w.round}` : ''}${w.team ? ` của ${w.team}` : ''}`;
    switch (w.kind) {
      case 'sheet_amended': {
        const what = [
          w.from !== w.to
            ? `tổng điểm từ ${w.from} thành ${w.to}`
            : w.marksChanged
              ? `điểm tiêu chí (tổng không đổi: ${w.to})`
              : null,
          w.statusChanged ? (w.submitted ? 'nộp phiếu' : 'chuyển về bản nháp') : null,
          w.commentChanged ? 'nhận xét' : null,
        ].filter(Boolean);
        return `Sửa phiếu chấm${w.round ? ` phần thi ${w.round}` : ''} của giám khảo ${w.judge}${w.team ? ` cho ${w.team}` : ''}${what.length ? `: ${what.join('; ')}` : ''}`;
      }
      case 'unlock':
        return `Mở khóa kết quả${where} để xem xét lại`;
      case 'lock':
        return `Khóa kết quả${where} khi chưa đủ phiếu chấm`;
      case 'reveal_override':
        return `Công bố kết quả khi chưa đủ điều kiện${w.count ? ` (${w.count} vấn đề chưa xong)` : ''}`;
      case 'policy':
        return `Thay đổi cách tính điểm từ ${w.from} thành ${w.to}${w.tiebreakChanged ? '; tiêu chí xếp hạng khi bằng điểm' : ''}`;
      case 'contest_edit':
        return `Sửa nội dung hội thi ảnh hưởng đến điểm${w.parts ? `: ${w.parts}` : ''}`;
      case 'conflicts':
        return `Thay đổi xung đột lợi ích của giám khảo ${w.judge}: trước đây ${w.from || 'không có'}, nay ${w.to || 'không có'}`;
      case 'direct':
        return `Sửa điểm${where} từ ${w.from} thành ${w.to}`;
      case 'special_award_removed':
        return `Thu hồi giải “${w.prize}” đã trao cho ${w.member ? `${w.member} – ` : ''}${w.team}`;
      case 'voting_open':
        return 'Mở lại bình chọn sau khi đã đóng (giải khán giả trở lại tạm tính)';
      case 'votes_void':
        return `Hủy ${w.count ?? 0} phiếu bình chọn của khán giả gửi từ địa chỉ ${w.address ?? '?'}`;
      case 'quiz_void':
        return `Hủy câu hỏi ${w.question}${w.round ? ` của phần thi ${w.round}` : ''}`;
      default:
        return `${w.kind}${where}`;
    }
  },
  methodShort: (method, trim, decimals) =>
    `${
      method === 'mean'
        ? 'trung bình cộng'
        : method === 'median'
          ? 'trung vị'
          : `trung bình cộng bỏ ${trim} cao nhất, ${trim} thấp nhất`
    }, làm tròn ${decimals} chữ số thập phân`,
  editedParts: {
    policy: 'cách tính điểm',
    rounds: 'phần thi, tiêu chí, câu hỏi',
    prizes: 'giải thưởng',
    teams: 'đội thi',
    judges: 'giám khảo và xung đột lợi ích',
  },
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
  commentsHeading: 'The judge’s comments',
  chair: 'HEAD OF THE ORGANIZING COMMITTEE',
  jurySignatures: 'MEMBERS OF THE JURY',
  sectionChanges: 'IV. CHANGES AFTER MARKING BEGAN',
  changesIntro:
    'Amended score sheets, results unlocked, results locked without every sheet, reveals started before the results were final, scoring policy changes and other changes after marking began, from the scoring log.',
  noChanges: 'Nothing was changed after marking began.',
  changeTime: 'Time',
  changeWhat: 'Change',
  changeWho: 'By',
  changeReason: 'Reason',
  change: (w) => {
    const where = `${w.round ? ` in round ${w.round}` : ''}${w.team ? ` of ${w.team}` : ''}`;
    switch (w.kind) {
      case 'sheet_amended': {
        const what = [
          w.from !== w.to
            ? `total from ${w.from} to ${w.to}`
            : w.marksChanged
              ? `criterion marks (total unchanged: ${w.to})`
              : null,
          w.statusChanged ? (w.submitted ? 'submitted' : 'back to draft') : null,
          w.commentChanged ? 'comment' : null,
        ].filter(Boolean);
        return `Score sheet${w.round ? ` in round ${w.round}` : ''} of judge ${w.judge}${w.team ? ` for ${w.team}` : ''} amended${what.length ? `: ${what.join('; ')}` : ''}`;
      }
      case 'unlock':
        return `Result${where} unlocked for review`;
      case 'lock':
        return `Result${where} locked without every score sheet`;
      case 'reveal_override':
        return `Reveal started before the results were final${w.count ? ` (${w.count} open issues)` : ''}`;
      case 'policy':
        return `Scoring policy changed from ${w.from} to ${w.to}${w.tiebreakChanged ? '; tiebreak' : ''}`;
      case 'contest_edit':
        return `Contest edited in what affects scores${w.parts ? `: ${w.parts}` : ''}`;
      case 'conflicts':
        return `Conflicts of interest of judge ${w.judge} changed: before ${w.from || 'none'}, now ${w.to || 'none'}`;
      case 'direct':
        return `Score${where} changed from ${w.from} to ${w.to}`;
      case 'special_award_removed':
        return `Prize “${w.prize}” taken back from ${w.member ? `${w.member} – ` : ''}${w.team}`;
      case 'voting_open':
        return 'Voting reopened after it was closed (the audience prize is provisional again)';
      case 'votes_void':
        return `${w.count ?? 0} audience votes from address ${w.address ?? '?'} voided`;
      case 'quiz_void':
        return `Question ${w.question}${w.round ? ` of round ${w.round}` : ''} voided`;
      default:
        return `${w.kind}${where}`;
    }
  },
  methodShort: (method, trim, decimals) =>
    `${
      method === 'mean' ? 'mean' : method === 'median' ? 'median' : `mean without the ${trim} highest and ${trim} lowest`
    }, rounded to ${decimals} decimal places`,
  editedParts: {
    policy: 'scoring policy',
    rounds: 'rounds, criteria, questions',
    prizes: 'prizes',
    teams: 'teams',
    judges: 'judges and conflicts of interest',
  },
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

/** The facts of one change, already in words and numbers, for Labels.change. */
export interface ChangeWords {
  kind: string;
  round?: string;
  team?: string;
  judge?: string;
  prize?: string;
  member?: string;
  question?: string;
  from?: string;
  to?: string;
  marksChanged?: boolean;
  statusChanged?: boolean;
  submitted?: boolean;
  commentChanged?: boolean;
  tiebreakChanged?: boolean;
  count?: number;
  parts?: string;
  /** The client address whose votes were voided. */
  address?: string;
}

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
  const date = longDate(iso, lang);
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

interface SheetStateWords {
  marks?: Record<string, number>;
  total?: number;
  status?: string;
  comment?: string | null;
}
interface PolicyWords {
  aggregation?: { method: string; trim: number; decimals: number };
  tiebreak?: string[];
}

/** A logged change in words, with the round, team, judge and prize by their names. */
export function describeChange(
  e: { kind: string; subject: Record<string, unknown>; before: unknown; after: unknown },
  table: ResultsTable,
  lang: Lang,
): string {
  const L = labelsFor(lang);
  const key = (k: string) => (typeof e.subject[k] === 'string' ? (e.subject[k] as string) : undefined);
  const round = key('round');
  const team = key('team');
  const judge = key('judge');
  const prize = key('prize');
  const teamName = (k: string) => table.rows.find((r) => r.team === k)?.name ?? k;
  const w: ChangeWords = {
    kind: e.kind,
    round: round && (table.rounds.find((r) => r.key === round)?.title ?? round),
    team: team && teamName(team),
    judge: judge && (table.judges.find((j) => j.key === judge)?.name ?? judge),
    prize: prize && (table.prizes.find((p) => p.key === prize)?.title ?? prize),
    question: key('question'),
  };
  const pts = (h: number | undefined) => (h === undefined ? L.none : fmtNumber(h / 100, table.contest.decimals, lang, true));
  if (e.kind === 'sheet_amended') {
    const b = (e.before ?? {}) as SheetStateWords;
    const a = (e.after ?? {}) as SheetStateWords;
    Object.assign(w, {
      from: pts(b.total),
      to: pts(a.total),
      marksChanged: JSON.stringify(b.marks ?? {}) !== JSON.stringify(a.marks ?? {}),
      statusChanged: e.before !== null && b.status !== a.status,
      submitted: a.status === 'submitted',
      commentChanged: (b.comment ?? null) !== (a.comment ?? null),
    });
  } else if (e.kind === 'direct') {
    w.from = pts((e.before as { score?: number } | null)?.score);
    w.to = pts((e.after as { score?: number } | null)?.score);
  } else if (e.kind === 'conflicts') {
    const names = (v: unknown) => (Array.isArray(v) ? v.map((k) => teamName(String(k))).join(', ') : '');
    w.from = names(e.before);
    w.to = names(e.after);
  } else if (e.kind === 'policy') {
    const words = (p: PolicyWords | null) =>
      p?.aggregation ? L.methodShort(p.aggregation.method, p.aggregation.trim, p.aggregation.decimals) : L.none;
    const b = e.before as PolicyWords | null;
    const a = e.after as PolicyWords | null;
    w.from = words(b);
    w.to = words(a);
    w.tiebreakChanged = JSON.stringify(b?.tiebreak ?? []) !== JSON.stringify(a?.tiebreak ?? []);
  } else if (e.kind === 'contest_edit') {
    const b = (e.before ?? {}) as Record<string, unknown>;
    const a = (e.after ?? {}) as Record<string, unknown>;
    const differs = (...ks: string[]) => ks.some((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
    const parts: string[] = [];
    if (differs('aggregation', 'tiebreak')) parts.push(L.editedParts.policy);
    if (differs('rounds')) parts.push(L.editedParts.rounds);
    if (differs('prizes')) parts.push(L.editedParts.prizes);
    if (differs('teams')) parts.push(L.editedParts.teams);
    if (differs('judges')) parts.push(L.editedParts.judges);
    w.parts = parts.join(', ');
  } else if (e.kind === 'special_award_removed') {
    const member = (e.before as { member?: string | null } | null)?.member;
    if (member) w.member = member;
  } else if (e.kind === 'votes_void') {
    w.address = key('address');
    const n = (e.before as { votes?: unknown } | null)?.votes;
    if (typeof n === 'number') w.count = n;
  } else if (e.kind === 'reveal_override') {
    const issues = (e.after as { issues?: unknown[] } | null)?.issues;
    if (Array.isArray(issues)) w.count = issues.length;
  }
  return L.change(w);
}

/** Who did it: a judge by name, staff by their account, anyone else as logged. */
export function actorInWords(actor: string, table: ResultsTable, lang: Lang): string {
  const i = actor.indexOf(':');
  if (i < 0) return actor;
  const [role, who] = [actor.slice(0, i), actor.slice(i + 1)];
  if (role === 'judge') return `${labelsFor(lang).judge} ${table.judges.find((j) => j.key === who)?.name ?? who}`;
  if (role === 'team') return table.rows.find((r) => r.team === who)?.name ?? who;
  return who || actor;
}
