/**
 * The Vietnamese catalog: the source of every message key. en.ts must have the same shape
 * (`satisfies Messages`), so a missing translation is a type error.
 */
import { accountVi } from './areas/account';
import type { closingVi } from './areas/closing';
import type { closingDeskVi } from './areas/closing-desk';
import type { judgeVi } from './areas/judge';
import type { liveVi } from './areas/live';
import type { liveDeskVi } from './areas/live-desk';
import type { quizVi } from './areas/quiz';
import type { quizDeskVi } from './areas/quiz-desk';
import type { registrationVi } from './areas/registration';
import type { registrationFormVi } from './areas/registration-form';
import type { resultsVi } from './areas/results';
import type { consoleVi } from './console-vi';
import type { contestVi } from './contest-vi';

export const vi = {
  app: {
    name: 'hoithi',
    tagline: 'Ban Tổ chức',
    skipToContent: 'Bỏ qua, đến nội dung chính',
    signedInAs: 'Đang đăng nhập:',
    signOut: 'Đăng xuất',
    language: 'Ngôn ngữ',
    langVi: 'Tiếng Việt',
    langEn: 'English',
    home: 'Danh sách hội thi',
    dismiss: 'Đóng thông báo',
  },
  units: {
    minutes: (n: number) => `${n} phút`,
    seconds: (n: number) => `${n} giây`,
  },
  errors: {
    network: 'Không kết nối được với máy chủ. Kiểm tra mạng rồi thử lại.',
    unexpected: 'Đã có lỗi xảy ra. Vui lòng thử lại.',
    retryAfter: (seconds: number) => `Thử lại sau ${seconds} giây.`,
  },
  login: {
    title: 'Đăng nhập',
    intro: 'Đăng nhập bằng tài khoản Ban Tổ chức hoặc thư ký hội thi.',
    email: 'Email',
    password: 'Mật khẩu',
    submit: 'Đăng nhập',
    submitting: 'Đang đăng nhập…',
    emailRequired: 'Vui lòng nhập email',
    passwordRequired: 'Vui lòng nhập mật khẩu',
    signedOut: 'Bạn đã đăng xuất.',
  },
  sections: {
    general: 'Thông tin chung',
    scoring: 'Cách tính điểm',
    rounds: 'Phần thi',
    teams: 'Đội thi',
    judges: 'Ban Giám khảo',
    prizes: 'Giải thưởng',
  },
  /** Words of a field path such as rounds.0.criteria.1.step. */
  notFound: {
    title: 'Không tìm thấy trang',
    body: 'Trang bạn tìm không có hoặc đã bị xoá.',
    contestTitle: 'Không tìm thấy hội thi',
    contestBody: 'Hội thi này không có hoặc đã bị xoá.',
    errorTitle: 'Đã có lỗi xảy ra',
    status: (s: number) => `Mã lỗi ${s}`,
    home: 'Về danh sách hội thi',
    publicHint: 'Kiểm tra lại đường link, hoặc quét lại mã QR mà Ban Tổ chức đưa ra.',
    publicTagline: 'Hội thi',
  },
  account: accountVi,
  /** The live connection's state, on every page that follows a contest live. */
  connection: {
    reconnecting: 'Đang kết nối lại…',
    connecting: 'Đang kết nối…',
    closed: 'Hội thi này không còn trên máy chủ.',
    liveNow: 'Trực tiếp',
  },
  /** The stage timer's words (the big screen, the phones, the judges' and the host's pages). */
  timer: {
    label: 'Thời gian còn lại',
    paused: 'Tạm dừng',
    ready: 'Chưa bắt đầu',
    running: 'Đang chạy',
    over: 'Hết giờ',
    none: 'Không tính giờ',
    oneMinute: 'Còn 1 phút',
  },
};

/**
 * The areas' messages: a chunk of their own per area and language, fetched by the pages that read
 * them (`locale.need`, see locale.svelte.ts), so that the phones and the big screen download only
 * the words they show. The console's part (console-vi.ts, console-en.ts) is the editor, the review
 * of registrations, the list of contests and the words for a package's paths; the contest's part
 * (contest-vi.ts, contest-en.ts) is what the console, the tablets and the public page say of a
 * contest's facts.
 */
export type ConsoleMessages = typeof consoleVi;
export type ContestMessages = typeof contestVi;
export interface AreaMessages extends ConsoleMessages, ContestMessages {
  judge: typeof judgeVi;
  live: typeof liveVi & typeof liveDeskVi;
  closing: typeof closingVi & typeof closingDeskVi;
  results: typeof resultsVi;
  quiz: typeof quizVi & typeof quizDeskVi;
  registration: typeof registrationVi & typeof registrationFormVi;
}

export type Messages = typeof vi & AreaMessages;
/** What every page can read: the catalog without the areas' parts. */
export type BaseMessages = typeof vi;
