/**
 * Messages of closing the results for the host: the whole-round lock, the unlock with a reason and
 * the reveal's checklist. A part of its own (merged into `closing`), so that the public screens do
 * not download them.
 */
import { list } from './closing';

export const closingDeskVi = {
  lock: {
    title: 'Khoá kết quả?',
    body: (team: string, round: string) =>
      `Khoá kết quả của ${team} ở phần thi “${round}”. Giám khảo sẽ không sửa được phiếu chấm nữa và kết quả được công bố lên bảng điểm.`,
    undoNote:
      'Nếu cần sửa sau đó, có thể mở khoá kèm lý do; việc mở khoá được ghi vào nhật ký và biên bản, bảng điểm ghi “đang xem xét” cho tới khi khoá lại.',
    incompleteTitle: 'Chưa đủ phiếu chấm',
    missingJudges: (judges: string) => `thiếu phiếu của ${judges}`,
    reason: 'Lý do khoá khi chưa đủ phiếu',
    reasonHint: 'Bắt buộc. Ghi vào nhật ký và biên bản, ví dụ: “Giám khảo 3 vắng mặt, Ban Tổ chức đồng ý”.',
    reasonRequired: 'Nhập lý do để khoá khi chưa đủ phiếu.',
    confirm: 'Khoá và công bố',
    forceConfirm: 'Vẫn khoá và công bố',
    serverIncomplete: 'Máy chủ báo còn đội chưa đủ phiếu (có thể vừa thay đổi). Kiểm tra danh sách rồi nhập lý do nếu vẫn khoá.',
  },
  round: {
    button: 'Khoá cả phần thi',
    lockedCount: (done: number, total: number) => `${done}/${total} đội đã khoá`,
    allLocked: 'Đã khoá cả phần thi',
    title: (round: string) => `Khoá cả phần thi “${round}”?`,
    body: (n: number) =>
      `Khoá kết quả của ${n} đội còn mở cùng lúc. Giám khảo không sửa được phiếu nữa và kết quả được công bố lên bảng điểm.`,
    zeroNote: (n: number, names: string) => `${n} đội chưa có điểm sẽ được tính 0 điểm (ghi vào nhật ký): ${names}.`,
    quizNote: 'Đội chưa có câu trả lời đúng nào được tính 0 điểm.',
    incomplete: (n: number) => `${n} đội chưa đủ phiếu chấm:`,
    done: (locked: number, already: number, zeroed: number) =>
      [
        `Đã khoá ${locked} đội`,
        already > 0 ? `${already} đội đã khoá từ trước` : '',
        zeroed > 0 ? `${zeroed} đội chưa có điểm được tính 0` : '',
      ]
        .filter(Boolean)
        .join(' · ') + '.',
  },
  unlock: {
    button: 'Mở khoá',
    label: (team: string) => `Mở khoá kết quả của ${team}`,
    title: 'Mở khoá kết quả?',
    body: (team: string, round: string) =>
      `Mở khoá kết quả của ${team} ở phần thi “${round}” để giám khảo sửa phiếu. Bảng điểm công khai vẫn giữ kết quả đã công bố, ghi “đang xem xét”, cho tới khi khoá lại.`,
    reason: 'Lý do mở khoá',
    reasonHint: 'Bắt buộc. Ghi vào nhật ký và biên bản.',
    reasonRequired: 'Nhập lý do mở khoá.',
    confirm: 'Mở khoá',
    review: 'Đang xem xét',
  },
  reveal: {
    title: 'Trước khi công bố',
    checking: 'Đang kiểm tra kết quả…',
    ready: 'Kết quả đã chính thức: mọi phần thi đã khoá, không còn giải tạm tính.',
    notReady: 'Kết quả chưa chính thức:',
    notLocked: (round: string, n: number, names: string) => `Phần thi “${round}”: ${n} đội chưa khoá (${names})`,
    notLockedAll: (round: string) => `Phần thi “${round}”: chưa khoá đội nào`,
    underReview: (round: string, n: number, names: string) => `Phần thi “${round}”: ${n} đội đang xem xét (${names})`,
    votingOpen: 'Bình chọn đang mở',
    provisional: (prizes: string[]) => `${list(prizes, 'và')} còn tạm tính`,
    more: (n: number) => `và ${n} đội khác`,
    override: 'Vẫn công bố',
    overrideTitle: 'Vẫn công bố khi kết quả chưa chính thức?',
    overrideBody:
      'Phần công bố dùng kết quả đã công bố lúc này: giải còn tạm tính không được công bố, kết quả đang xem xét giữ giá trị đã công bố. Lý do được ghi vào nhật ký và biên bản.',
    reason: 'Lý do vẫn công bố',
    reasonHint: 'Bắt buộc, ví dụ: “Ban Tổ chức quyết định công bố theo kết quả hiện có”.',
    reasonRequired: 'Nhập lý do để vẫn công bố.',
    reload: 'Kiểm tra lại',
  },
  cancel: 'Huỷ',
  working: 'Đang gửi…',
};
