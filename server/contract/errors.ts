/**
 * The one registry of error codes (api.md "Conventions"). Every error the API returns carries one
 * of these codes, its HTTP status, and a message worded in Vietnamese and English; the web app
 * words errors from the same table.
 */
export type Lang = 'vi' | 'en';

export const ERRORS = {
  VALIDATION: { status: 400, vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' },
  BAD_JSON: { status: 400, vi: 'Nội dung không phải JSON hợp lệ', en: 'The body is not valid JSON' },
  UNAUTHENTICATED: { status: 401, vi: 'Cần đăng nhập', en: 'Sign-in required' },
  BAD_CREDENTIALS: { status: 401, vi: 'Email hoặc mật khẩu không đúng', en: 'Wrong email or password' },
  PASSWORD_WRONG: { status: 400, vi: 'Mật khẩu hiện tại không đúng', en: 'The current password is wrong' },
  FORBIDDEN: { status: 403, vi: 'Bạn không có quyền làm việc này', en: 'You may not do this' },
  FOREIGN_ORIGIN: {
    status: 403,
    vi: 'Yêu cầu đến từ một trang khác bị từ chối',
    en: 'A request from another site was refused',
  },
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy', en: 'Not found' },
  CONTEST_NOT_FOUND: { status: 404, vi: 'Không tìm thấy hội thi', en: 'No such contest' },
  SLUG_TAKEN: { status: 409, vi: 'Mã hội thi này đã được dùng', en: 'This contest slug is already taken' },
  CONTEST_HAS_MARKS: {
    status: 409,
    vi: 'Hội thi đã có điểm chấm hoặc mục trong nhật ký (bốc thăm, duyệt đội…) nên không thể xoá',
    en: 'The contest already has marks or entries in its log (a draw, a review…) and cannot be deleted',
  },
  ROUND_NOT_FOUND: { status: 404, vi: 'Không có phần thi này', en: 'No such round' },
  TEAM_NOT_FOUND: { status: 404, vi: 'Không có đội thi này', en: 'No such team' },
  JUDGE_NOT_FOUND: { status: 404, vi: 'Không có giám khảo này', en: 'No such judge' },
  SHEET_NOT_FOUND: { status: 404, vi: 'Chưa có phiếu chấm này', en: 'No such sheet' },
  LINK_INVALID: {
    status: 401,
    vi: 'Đường link riêng này không hợp lệ hoặc đã bị thu hồi. Vui lòng liên hệ Ban Tổ chức.',
    en: 'This private link is invalid or was revoked. Please ask the organizers.',
  },
  CONFLICT_OF_INTEREST: {
    status: 403,
    vi: 'Giám khảo có xung đột lợi ích với đội này nên không chấm đội này',
    en: 'The judge has a conflict of interest with this team and does not mark it',
  },
  NOT_A_RUBRIC_ROUND: { status: 409, vi: 'Phần thi này không chấm bằng phiếu', en: 'This round is not scored with sheets' },
  TEAM_WITHDRAWN: { status: 409, vi: 'Đội đã rút khỏi hội thi', en: 'The team has withdrawn' },
  SHEET_LOCKED: {
    status: 409,
    vi: 'Kết quả của đội trong phần thi này đã được khoá; chỉ Ban Tổ chức sửa được, kèm lý do',
    en: 'This team’s result in this round is locked; only the organizers can change it, with a reason',
  },
  VERSION_CONFLICT: {
    status: 409,
    vi: 'Phiếu đã được sửa ở nơi khác; hãy xem hai phiên bản rồi chọn',
    en: 'The sheet was changed elsewhere; compare both versions and choose',
  },
  NO_WINNERS: {
    status: 409,
    vi: 'Chưa có giải nào được xác định để in giấy khen',
    en: 'No prize has been decided yet, so there is no certificate to print',
  },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, vi: 'Thiếu tiêu đề Idempotency-Key', en: 'The Idempotency-Key header is missing' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    vi: 'Idempotency-Key này đã dùng cho một nội dung khác',
    en: 'This Idempotency-Key was already used with another body',
  },
  ALREADY_VOTED: {
    status: 409,
    vi: 'Thiết bị này đã bình chọn rồi. Cảm ơn bạn!',
    en: 'This device has already voted. Thank you!',
  },
  REASON_REQUIRED: {
    status: 409,
    vi: 'Đã có kết quả được khoá: thay đổi cách tính điểm cần ghi rõ lý do',
    en: 'Results are already locked: changing the scoring policy needs a reason',
  },
  QUESTION_NOT_FOUND: { status: 404, vi: 'Không có câu hỏi này', en: 'No such question' },
  QUESTION_NOT_OPEN: {
    status: 409,
    vi: 'Câu hỏi chưa mở hoặc đã hết giờ trả lời',
    en: 'The question is not open, or its time is up',
  },
  QUESTION_CLOSED: { status: 409, vi: 'Câu hỏi đã đóng', en: 'The question is closed' },
  QUESTION_VOIDED: { status: 409, vi: 'Câu hỏi đã bị huỷ', en: 'The question was voided' },
  ALREADY_ANSWERED: {
    status: 409,
    vi: 'Đội đã trả lời câu hỏi này; chỉ câu trả lời đầu tiên được tính',
    en: 'The team has already answered this question; only the first answer counts',
  },
  QUESTION_IN_USE: {
    status: 409,
    vi: 'Câu hỏi đã được mở trên sân khấu nên không thể sửa hay xoá',
    en: 'The question has been opened on stage, so it cannot be changed or removed',
  },
  NOT_A_DIRECT_ROUND: {
    status: 409,
    vi: 'Phần thi này không nhập điểm trực tiếp',
    en: 'This round does not take direct scores',
  },
  NOT_A_QUIZ_ROUND: { status: 409, vi: 'Phần thi này không phải phần thi kiến thức', en: 'This round is not a quiz round' },
  UNSUPPORTED_FILE: { status: 400, vi: 'Tệp không đúng định dạng cho phép', en: 'The file is not of an accepted type' },
  FILE_TOO_COMPLEX: {
    status: 400,
    vi: 'Tệp bảng tính vượt quá giới hạn cho phép',
    en: 'The spreadsheet is beyond the accepted limits',
  },
  PRIZE_FULL: { status: 409, vi: 'Giải này đã trao đủ số lượng', en: 'This prize has been given as many times as it counts' },
  NOT_FROZEN: { status: 409, vi: 'Bảng điểm chưa được đóng băng', en: 'The scoreboard is not frozen' },
  BODY_TOO_LARGE: { status: 413, vi: 'Dữ liệu gửi lên quá lớn', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    vi: 'Định dạng dữ liệu không được hỗ trợ',
    en: 'Unsupported content type',
  },
  MULTIPART_REQUIRED: {
    status: 415,
    vi: 'Hãy gửi tệp dưới dạng multipart/form-data, trong trường "file"',
    en: 'Send the file as multipart/form-data, in the field "file"',
  },
  NOT_ACCEPTABLE: {
    status: 406,
    vi: 'Không thể trả lời theo định dạng được yêu cầu',
    en: 'No answer in the requested format',
  },
  URI_TOO_LONG: { status: 414, vi: 'Đường dẫn quá dài', en: 'The address is too long' },
  BAD_URL: { status: 400, vi: 'Đường dẫn không hợp lệ', en: 'The address is not valid' },
  RATE_LIMITED: {
    status: 429,
    vi: 'Quá nhiều lần thử, vui lòng đợi rồi thử lại',
    en: 'Too many attempts, please wait and try again',
  },
  REGISTRATION_CLOSED: {
    status: 409,
    vi: 'Đã hết hạn đăng ký (hoặc hội thi không nhận đăng ký trực tuyến)',
    en: 'Registration is closed (or this contest does not take registrations online)',
  },
  REGISTRATION_APPROVED: {
    status: 409,
    vi: 'Đội đã được duyệt nên không sửa được hồ sơ nữa; vui lòng liên hệ Ban Tổ chức',
    en: 'The team has been approved, so its registration can no longer be edited; please contact the organizers',
  },
  FILE_TOO_LARGE: { status: 413, vi: 'Tệp đính kèm vượt quá 20 MB', en: 'The attachment is larger than 20 MB' },
  STORAGE_FULL: {
    status: 409,
    vi: 'Hội thi đã nhận đủ dung lượng tệp đính kèm; hãy gửi hồ sơ không kèm tệp và liên hệ Ban Tổ chức',
    en: 'The contest has received all the attachments it can hold; send the registration without a file and contact the organizers',
  },
  NO_ATTACHMENT: { status: 404, vi: 'Đội chưa gửi tệp đính kèm', en: 'The team has not sent an attachment' },
  CHANGE_NEEDS_REASON: {
    status: 409,
    vi: 'Hội thi đã có điểm: thay đổi ảnh hưởng đến điểm cần ghi rõ lý do',
    en: 'The contest already has marks: a change that affects scores needs a reason',
  },
  CHANGE_NOT_ALLOWED: {
    status: 409,
    vi: 'Hội thi đã có điểm nên không thể thay đổi phần này',
    en: 'The contest already has marks, so this part cannot be changed',
  },
  TEAM_HAS_RECORDS: {
    status: 409,
    vi: 'Đội đã có điểm, bình chọn, giải thưởng hoặc đang ở trên sân khấu nên không thể từ chối hay đưa về chờ duyệt; hãy cho đội rút hoặc loại đội',
    en: 'The team has marks, votes, a prize or is on stage, so it cannot be rejected or set back to pending; withdraw or disqualify it instead',
  },
  REINSTATE_IN_EDITOR: {
    status: 409,
    vi: 'Đội đã rút hoặc bị loại: muốn cho đội thi lại, hãy đổi trạng thái trong trang sửa hội thi (kèm lý do nếu đã có điểm)',
    en: 'The team withdrew or was disqualified: to bring it back, change its status in the contest editor (with a reason once there are marks)',
  },
  TEAM_LIMIT: {
    status: 409,
    vi: 'Hội thi đã đủ 500 đội, không nhận thêm',
    en: 'The contest has reached 500 teams and takes no more',
  },
  CONTEST_CHANGED: {
    status: 409,
    vi: 'Hội thi vừa được thay đổi ở nơi khác (đăng ký mới, bốc thăm, chỉnh sửa…). Hãy tải lại để xem bản mới nhất rồi sửa tiếp',
    en: 'The contest was just changed elsewhere (a new registration, a draw, an edit…). Reload to see the latest version, then edit again',
  },
  TEAM_NOT_APPROVED: {
    status: 409,
    vi: 'Đội chưa được duyệt nên không thể rút; hãy từ chối hồ sơ (kèm lý do)',
    en: 'The team is not approved, so it cannot withdraw; reject its registration (with a reason) instead',
  },
  ROUND_INCOMPLETE: {
    status: 409,
    vi: 'Còn đội chưa đủ phiếu chấm của giám khảo; khoá khi chưa đủ phiếu cần xác nhận kèm lý do',
    en: 'Some teams do not have every judge’s sheet yet; locking anyway needs a confirmation with a reason',
  },
  NOT_LOCKED: { status: 409, vi: 'Kết quả này chưa được khoá', en: 'This result is not locked' },
  ALREADY_REVEALED: {
    status: 409,
    vi: 'Đội này đã được công bố trong phần trao giải đang diễn ra nên không thể mở khoá',
    en: 'This team has already been announced in the running reveal, so its result cannot be unlocked',
  },
  RESULTS_NOT_FINAL: {
    status: 409,
    vi: 'Kết quả chưa chính thức: còn phần thi chưa khoá, bình chọn còn mở hoặc giải còn tạm tính. Tiếp tục cần lý do',
    en: 'The results are not final: a round is not locked, voting is open or a prize is provisional. Going ahead needs a reason',
  },
  RESULT_LOCKED: {
    status: 409,
    vi: 'Kết quả của đội trong phần thi này đã khoá; mở khoá (kèm lý do) trước khi sửa',
    en: 'This team’s result in this round is locked; unlock it (with a reason) before changing it',
  },
  VOTING_CLOSED: {
    status: 409,
    vi: 'Bình chọn hiện không mở',
    en: 'Voting is not open',
  },
  DEVICE_LIMIT: {
    status: 429,
    vi: 'Quá nhiều thiết bị mới từ cùng một mạng vừa bình chọn; vui lòng đợi một phút rồi thử lại',
    en: 'Too many new devices from this network have just voted; please wait a minute and try again',
  },
  TICKET_REQUIRED: {
    status: 403,
    vi: 'Cần mã phiếu bình chọn: hãy quét mã QR trên phiếu được phát',
    en: 'A voting ticket is needed: scan the QR code on the ticket you were given',
  },
  TICKET_INVALID: { status: 403, vi: 'Mã phiếu bình chọn không đúng', en: 'This voting ticket is not valid' },
  TICKET_USED: { status: 409, vi: 'Phiếu bình chọn này đã được dùng', en: 'This voting ticket has already been used' },
  DUPLICATE_TEAM: {
    status: 409,
    vi: 'Tên đội trùng với một đội đã có trong hội thi',
    en: 'The team name is the same as another team in the contest',
  },
  JUDGE_SIGNED_OUT: {
    status: 401,
    vi: 'Máy này đã bị đăng xuất khỏi đường link chấm điểm (Ban Tổ chức đã giải phóng, cấp lại hoặc thu hồi link). Hãy mở lại đường link riêng, hoặc báo Ban Tổ chức',
    en: 'This device was signed out of the scoring link (the organizers released, reissued or revoked it). Open the private link again, or ask the organizers',
  },
  LINK_IN_USE: {
    status: 409,
    vi: 'Đường link chấm điểm này đang được dùng trên một thiết bị khác. Vui lòng báo Ban Tổ chức để giải phóng link',
    en: 'This judging link is already in use on another device. Please ask the organizers to release it',
  },
  SLUG_MISMATCH: { status: 400, vi: 'Không thể đổi mã hội thi', en: 'The contest slug cannot be changed' },
  TOO_MANY_SOCKETS: {
    status: 429,
    vi: 'Quá nhiều kết nối trực tiếp từ địa chỉ này; vui lòng đóng bớt các trang đang mở rồi thử lại',
    en: 'Too many live connections from this address; close some open pages and try again',
  },
  SERVER_BUSY: {
    status: 503,
    vi: 'Máy chủ đang nhận quá nhiều kết nối trực tiếp; vui lòng thử lại sau ít phút',
    en: 'The server holds as many live connections as it can; please try again in a few minutes',
  },
  VOTES_UNAVAILABLE: {
    status: 503,
    vi: 'Tạm thời chưa nhận được phiếu bình chọn; phiếu của bạn chưa được ghi, vui lòng thử lại sau ít giây',
    en: 'Votes cannot be taken right now; yours was not recorded, please try again in a few seconds',
  },
  NOT_ON_EDGE: {
    status: 421,
    vi: 'Máy chủ phụ này chỉ phục vụ khán giả; việc này do máy chủ chính thực hiện',
    en: 'This edge server only serves the audience; the primary server does this',
  },
  INTERNAL: { status: 500, vi: 'Lỗi máy chủ', en: 'Server error' },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

/**
 * Wording of validation rules, keyed by the code a schema puts in its issue. `{x}` placeholders
 * are filled from the params.
 */
export const RULE_MESSAGES: Record<string, Record<Lang, string>> = {
  KEY_FORMAT: {
    vi: 'Mã chỉ gồm 1–64 ký tự a-z, 0-9 và dấu "-"',
    en: 'A key is 1–64 characters of a-z, 0-9 and "-"',
  },
  SLUG_FORMAT: {
    vi: 'Mã hội thi gồm 3–64 ký tự a-z, 0-9 và dấu "-"',
    en: 'A slug is 3–64 characters of a-z, 0-9 and "-"',
  },
  SLUG_RESERVED: { vi: 'Mã hội thi này được dành riêng, hãy chọn mã khác', en: 'This slug is reserved, choose another' },
  NOT_HUNDREDTHS: { vi: 'Điểm có tối đa hai chữ số thập phân', en: 'Points have at most two decimals' },
  MUST_BE_POSITIVE: { vi: 'Giá trị phải lớn hơn 0', en: 'The value must be greater than 0' },
  DATE_FORMAT: { vi: 'Ngày phải có dạng YYYY-MM-DD', en: 'A date is written YYYY-MM-DD' },
  EMAIL_FORMAT: { vi: 'Email không hợp lệ', en: 'Not a valid email address' },
  PHONE_FORMAT: {
    vi: 'Số điện thoại không hợp lệ (ví dụ 0912 345 678 hoặc +84 912 345 678)',
    en: 'Not a valid Vietnamese phone number (e.g. 0912 345 678 or +84 912 345 678)',
  },
  DUPLICATE_KEY: { vi: 'Mã "{key}" bị trùng', en: 'Duplicate key "{key}"' },
  UNKNOWN_ROUND: { vi: 'Không có phần thi mang mã "{key}"', en: 'No round with key "{key}"' },
  UNKNOWN_TEAM: { vi: 'Không có đội thi mang mã "{key}"', en: 'No team with key "{key}"' },
  ANSWER_OUT_OF_RANGE: {
    vi: 'Đáp án {answer} không nằm trong {choices} phương án (đánh số từ 0)',
    en: 'Answer {answer} is not one of the {choices} choices (counted from 0)',
  },
  STEP_NOT_ALLOWED: {
    vi: 'Bước điểm {step} không thuộc 0.01, 0.05, 0.1, 0.25, 0.5, 1 và không chia hết điểm tối đa {max}',
    en: 'Step {step} is not one of 0.01, 0.05, 0.1, 0.25, 0.5, 1 and does not divide the max {max}',
  },
  UNKNOWN_CRITERION: { vi: 'Phần thi không có tiêu chí "{key}"', en: 'The round has no criterion "{key}"' },
  MARK_OUT_OF_RANGE: { vi: 'Điểm phải từ 0 đến {max}', en: 'The mark must be between 0 and {max}' },
  MARK_OFF_STEP: { vi: 'Điểm phải là bội số của {step}', en: 'The mark must be a multiple of {step}' },
  MARK_MISSING: { vi: 'Chưa chấm tiêu chí này', en: 'This criterion has no mark yet' },
  NOT_SPECIAL_PRIZE: { vi: 'Giải này không trao bằng tay', en: 'This prize is not given by hand' },
  CHOICE_OUT_OF_RANGE: { vi: 'Không có phương án {choice}', en: 'There is no choice {choice}' },
  PRIZE_FULL: { vi: 'Giải này chỉ có {count} suất và đã trao đủ', en: 'This prize counts {count} and all have been given' },
  ORDER_INCOMPLETE: {
    vi: 'Thứ tự phải gồm đúng một lần mỗi đội đã duyệt ({count} đội)',
    en: 'The order must list each approved team exactly once ({count} teams)',
  },
  LEADER_REQUIRED: {
    vi: 'Có điện thoại hoặc email thì cần tên người liên hệ (cột "Trưởng nhóm")',
    en: 'A phone or email needs the contact’s name (the "Leader" column)',
  },
  FIELD_REQUIRED: { vi: 'Thiếu trường này', en: 'This field is missing' },
  ONE_FILE: { vi: 'Chỉ gửi một tệp', en: 'Send one file only' },
  MULTIPART_FORMAT: { vi: 'Biểu mẫu gửi lên không đọc được', en: 'The form data could not be read' },
  FILE_REQUIRED: { vi: 'Chưa chọn tệp', en: 'No file was chosen' },
  UNKNOWN_FIELD: { vi: 'Trường này không được nhận', en: 'This field is not accepted' },
  SEED_FORMAT: {
    vi: 'Mã bốc thăm gồm 4–64 ký tự A-Z, a-z, 0-9 và "-"',
    en: 'A seed is 4–64 characters of A-Z, a-z, 0-9 and "-"',
  },
  DUPLICATE_TEAM: { vi: 'Đã có đội “{name}” trong hội thi', en: 'The contest already has a team named “{name}”' },
  FILE_TOO_BIG: { vi: 'Tệp lớn hơn {max} MB', en: 'The file is larger than {max} MB' },
  ZIP_TOO_MANY_ENTRIES: { vi: 'Tệp XLSX có hơn {max} thành phần', en: 'The XLSX file has more than {max} parts' },
  ZIP_ENTRY_TOO_LARGE: {
    vi: 'Một thành phần của tệp XLSX khi giải nén lớn hơn {max} MB',
    en: 'A part of the XLSX file is larger than {max} MB once unpacked',
  },
  ZIP_TOO_LARGE: { vi: 'Tệp XLSX khi giải nén lớn hơn {max} MB', en: 'The XLSX file is larger than {max} MB once unpacked' },
  SHEET_TOO_MANY_ROWS: { vi: 'Bảng tính có hơn {max} dòng', en: 'The sheet has more than {max} rows' },
  SHEET_TOO_MANY_COLUMNS: {
    vi: 'Bảng tính có ô nằm ngoài {max} cột đầu tiên',
    en: 'The sheet has cells beyond its first {max} columns',
  },
  SHEET_TOO_MANY_CELLS: { vi: 'Bảng tính có hơn {max} ô', en: 'The sheet has more than {max} cells' },
  SHEET_TOO_SLOW: { vi: 'Không đọc xong bảng tính trong {max} giây', en: 'The sheet could not be read within {max} seconds' },
  SHEET_TOO_LARGE: {
    vi: 'Bảng tính cần hơn {max} MB bộ nhớ để đọc',
    en: 'Reading the sheet needs more than {max} MB of memory',
  },
  TIEBREAK_FORMAT: { vi: '"{value}" phải có dạng round:<mã phần thi>', en: '"{value}" must be round:<round key>' },
};

export function formatRule(code: string, lang: Lang, params: Record<string, unknown> = {}): string | undefined {
  const template = RULE_MESSAGES[code]?.[lang];
  return template?.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
