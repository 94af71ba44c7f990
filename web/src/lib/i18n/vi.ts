/**
 * The Vietnamese catalog: the source of every message key. en.ts must have the same shape
 * (`satisfies Messages`), so a missing translation is a type error.
 */
import { accountVi } from './areas/account';
import type { closingVi } from './areas/closing';
import type { editorVi } from './areas/editor';
import type { judgeVi } from './areas/judge';
import type { liveVi } from './areas/live';
import type { quizVi } from './areas/quiz';
import type { registrationVi } from './areas/registration';
import type { resultsVi } from './areas/results';
import type { reviewVi } from './areas/review';

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
  contests: {
    title: 'Hội thi',
    import: 'Nhập hội thi',
    backup: 'Tải bản sao lưu dữ liệu',
    backupHint: 'Một bản sao nhất quán của toàn bộ cơ sở dữ liệu (tệp SQLite), tạo được cả khi hội thi đang diễn ra',
    emptyTitle: 'Chưa có hội thi nào',
    emptyBody: 'Tạo hội thi mới bằng biểu mẫu, hoặc nhập một gói dữ liệu hội thi (tệp JSON) để bắt đầu.',
    count: (n: number) => `${n} hội thi`,
    organizer: 'Đơn vị tổ chức',
    date: 'Ngày',
    venue: 'Địa điểm',
    rounds: (n: number) => `${n} phần thi`,
    teams: (n: number) => `${n} đội thi`,
    judges: (n: number) => `${n} giám khảo`,
    hasMarks: 'Đã có điểm chấm',
  },
  importPage: {
    title: 'Nhập hội thi',
    intro:
      'Chọn tệp gói dữ liệu hội thi (.json) hoặc dán nội dung JSON vào ô bên dưới, rồi bấm “Nhập”. Máy chủ kiểm tra toàn bộ gói trước khi tạo hội thi.',
    back: 'Quay lại danh sách hội thi',
    fileLabel: 'Chọn tệp JSON',
    fileButton: 'Chọn tệp…',
    noFile: 'Chưa chọn tệp nào',
    fileHint: 'Tệp xuất từ hoithi hoặc soạn theo lược đồ JSON.',
    fileLoaded: (name: string, size: string) => `Đã đọc tệp “${name}” (${size}).`,
    fileReadError: (name: string) => `Không đọc được tệp “${name}”.`,
    textLabel: 'Nội dung JSON',
    textHint: 'Có thể dán trực tiếp nội dung của gói dữ liệu vào đây.',
    or: 'hoặc',
    submit: 'Nhập',
    submitting: 'Đang nhập…',
    clear: 'Xoá nội dung',
    schemaLink: 'Tải lược đồ JSON (contest.json)',
    schemaHint: 'Lược đồ mô tả đầy đủ các trường của gói dữ liệu hội thi.',
    empty: 'Chưa có nội dung để nhập. Hãy chọn tệp hoặc dán JSON.',
    notJsonAt: (line: number, column: number) => `Nội dung không phải JSON hợp lệ: lỗi ở dòng ${line}, cột ${column}.`,
    notObject: 'Gói dữ liệu phải là một đối tượng JSON ({ … }).',
    goToError: 'Đến chỗ lỗi trong ô nội dung',
    previewTitle: 'Xem trước',
    previewSlug: 'Mã hội thi',
    previewSlugHint: 'Có thể đổi mã nếu mã này đã được dùng cho một hội thi khác.',
    previewTitleField: 'Tên hội thi',
    previewCounts: (rounds: number, teams: number, judges: number, prizes: number) =>
      `${rounds} phần thi · ${teams} đội thi · ${judges} giám khảo · ${prizes} giải thưởng`,
    issuesTitle: (n: number) => (n === 1 ? 'Gói dữ liệu có 1 lỗi' : `Gói dữ liệu có ${n} lỗi`),
    issuesIntro: 'Sửa các lỗi dưới đây rồi bấm “Nhập” lại.',
    success: (title: string) => `Đã nhập hội thi «${title}».`,
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
  paths: {
    round: (label: string) => `Phần thi ${label}`,
    criterion: (label: string) => `Tiêu chí ${label}`,
    question: (label: string) => `Câu hỏi ${label}`,
    choice: (label: string) => `Phương án ${label}`,
    team: (label: string) => `Đội thi ${label}`,
    member: (label: string) => `Thành viên ${label}`,
    judge: (label: string) => `Giám khảo ${label}`,
    conflict: (label: string) => `Đội cần tránh ${label}`,
    prize: (label: string) => `Giải ${label}`,
    tiebreak: (label: string) => `Thứ tự xét khi bằng điểm ${label}`,
    item: (label: string) => `Mục ${label}`,
    whole: 'Toàn bộ gói dữ liệu',
    fields: {
      format: 'định dạng',
      slug: 'mã hội thi',
      title: 'tên',
      organizer: 'đơn vị tổ chức',
      date: 'ngày',
      venue: 'địa điểm',
      locale: 'ngôn ngữ',
      description: 'mô tả',
      aggregation: 'cách tổng hợp điểm',
      method: 'phương pháp',
      trim: 'số điểm loại bỏ mỗi đầu',
      decimals: 'số chữ số thập phân',
      tiebreak: 'thứ tự xét khi bằng điểm',
      rounds: 'danh sách phần thi',
      criteria: 'danh sách tiêu chí',
      questions: 'danh sách câu hỏi',
      choices: 'các phương án',
      prizes: 'danh sách giải thưởng',
      teams: 'danh sách đội thi',
      judges: 'danh sách giám khảo',
      members: 'thành viên',
      conflicts: 'các đội cần tránh chấm',
      key: 'mã',
      kind: 'loại',
      weight: 'hệ số',
      timeLimitSec: 'thời gian (giây)',
      max: 'điểm tối đa',
      step: 'bước điểm',
      text: 'nội dung',
      answer: 'đáp án',
      points: 'điểm',
      count: 'số lượng',
      round: 'phần thi',
      name: 'tên',
      unit: 'đơn vị',
      role: 'vai trò',
      idea: 'ý tưởng',
      summary: 'tóm tắt',
    },
  },
  contest: {
    back: 'Danh sách hội thi',
    organizer: 'Đơn vị tổ chức',
    date: 'Ngày thi',
    venue: 'Địa điểm',
    slug: 'Mã hội thi',
    createdAt: 'Nhập lúc',
    sectionsNav: 'Các mục của hội thi',
    export: 'Xuất gói dữ liệu',
    exportHint: 'Tải gói dữ liệu (JSON) của hội thi này.',
    delete: 'Xoá hội thi',
    deleteBlocked: 'Hội thi đã có điểm chấm nên không thể xoá.',
    deleteTitle: 'Xoá hội thi?',
    deleteBody: 'Toàn bộ phần thi, đội thi, giám khảo và giải thưởng của hội thi này sẽ bị xoá. Việc này không hoàn tác được.',
    deleteTypeSlug: (slug: string) => `Gõ mã hội thi “${slug}” để xác nhận`,
    deleteConfirm: 'Xoá vĩnh viễn',
    deleting: 'Đang xoá…',
    cancel: 'Huỷ',
    deleted: (title: string) => `Đã xoá hội thi «${title}».`,
    actions: 'Thao tác',
    description: 'Giới thiệu',
  },
  rounds: {
    heading: 'Phần thi',
    count: (n: number) => `${n} phần thi`,
    number: (n: number) => `Phần thi ${n}`,
    kind: 'Hình thức',
    kinds: {
      rubric: 'Chấm theo tiêu chí',
      quiz: 'Trắc nghiệm kiến thức',
      direct: 'Điểm trực tiếp',
    },
    weight: 'Hệ số',
    timeLimit: 'Thời gian',
    noTimeLimit: 'Không giới hạn',
    key: 'Mã',
    criteria: 'Tiêu chí',
    criterion: 'Tiêu chí',
    max: 'Điểm tối đa',
    step: 'Bước điểm',
    criteriaTotal: 'Tổng điểm tối đa',
    questions: (n: number) => `${n} câu hỏi`,
    noQuestions: 'Chưa có câu hỏi nào.',
    question: (n: number) => `Câu ${n}`,
    points: (p: string) => `${p} điểm`,
    correct: 'Đáp án đúng',
    directRange: (max: string, step: string) => `Điểm từ 0 đến ${max}, bước ${step}`,
    directHint: 'Thư ký hoặc Ban Tổ chức nhập một điểm cho mỗi đội, kèm lý do.',
  },
  teams: {
    heading: 'Đội thi',
    count: (n: number) => `${n} đội thi`,
    none: 'Chưa có đội thi nào.',
    index: 'STT',
    name: 'Tên đội',
    unit: 'Đơn vị',
    members: 'Thành viên',
    idea: 'Ý tưởng / mô hình',
    noMembers: 'Chưa có',
  },
  judges: {
    heading: 'Ban Giám khảo',
    count: (n: number) => `${n} giám khảo`,
    none: 'Chưa có giám khảo nào.',
    name: 'Họ và tên',
    title: 'Chức danh',
    unit: 'Đơn vị',
    conflicts: 'Không chấm đội',
    noConflicts: 'Không có',
  },
  prizes: {
    heading: 'Giải thưởng',
    none: 'Chưa có giải thưởng nào.',
    title: 'Giải',
    kind: 'Loại giải',
    count: 'Số lượng',
    round: 'Phần thi',
    kinds: {
      overall: 'Giải chung cuộc',
      round_best: 'Giải phụ theo phần thi',
      audience: 'Giải khán giả bình chọn',
      special: 'Giải đặc biệt (Ban Tổ chức trao)',
    },
  },
  policy: {
    heading: 'Cách tính điểm',
    method: 'Tổng hợp điểm của giám khảo',
    methods: {
      mean: 'Trung bình cộng điểm của các giám khảo',
      trimmed_mean: (k: number) =>
        `Bỏ ${k} điểm cao nhất và ${k} điểm thấp nhất, lấy trung bình các điểm còn lại (nếu đủ giám khảo)`,
      median: 'Trung vị',
    },
    trimmedNote: (n: number) => `Cần ít nhất ${n} phiếu chấm hợp lệ; nếu ít hơn thì lấy trung bình cộng tất cả các phiếu.`,
    conflictNote: 'Giám khảo không chấm đội mà mình cần tránh; chỉ phiếu đã nộp mới được tính.',
    decimals: 'Làm tròn',
    decimalsValue: (d: number) =>
      d === 0
        ? 'Làm tròn đến số nguyên (làm tròn lên từ 0,5), chỉ khi hiển thị; xếp hạng theo điểm chính xác.'
        : `Làm tròn đến ${d} chữ số thập phân (làm tròn lên từ nửa đơn vị), chỉ khi hiển thị; xếp hạng theo điểm chính xác.`,
    total: 'Tổng điểm',
    totalFormula: 'Tổng điểm = Σ (hệ số của phần thi × điểm phần thi)',
    weights: 'Hệ số các phần thi',
    round: 'Phần thi',
    weight: 'Hệ số',
    maxPoints: 'Điểm tối đa của phần thi',
    tiebreak: 'Khi bằng tổng điểm',
    tiebreakItem: (title: string) => `Đội có điểm phần thi «${title}» cao hơn xếp trên`,
    tiebreakNone: 'Không xét thêm: các đội bằng điểm đồng hạng.',
    tiebreakEnd: 'Nếu vẫn bằng nhau ở mọi tiêu chí trên thì các đội đồng hạng (ví dụ 1, 2, 2, 4).',
    prizes: 'Số giải',
    prizesTotal: (overall: number, side: number) => `${overall} giải chung cuộc và ${side} giải phụ`,
    unknownRound: (key: string) => `(không rõ phần thi “${key}”)`,
  },
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
};

/**
 * The areas' messages: a chunk of their own per area and language, fetched by the pages that read
 * them (`locale.need`, see locale.svelte.ts), so that the phones and the big screen download only
 * the words they show. The console's part (console-vi.ts, console-en.ts) is the editor and the
 * review of registrations.
 */
export interface ConsoleMessages {
  editor: typeof editorVi;
  review: typeof reviewVi;
}
export interface AreaMessages extends ConsoleMessages {
  judge: typeof judgeVi;
  live: typeof liveVi;
  closing: typeof closingVi;
  results: typeof resultsVi;
  quiz: typeof quizVi;
  registration: typeof registrationVi;
}

export type Messages = typeof vi & AreaMessages;
/** What every page can read: the catalog without the areas' parts. */
export type BaseMessages = typeof vi;
