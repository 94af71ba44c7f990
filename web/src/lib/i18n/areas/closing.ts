/**
 * Messages of closing the results that every board reads: "no rank without a score", a result
 * under review (the host's lock, unlock and reveal checklist: closing-desk.ts).
 */
export const list = (names: readonly string[], and: string) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}`;

export const closingVi = {
  board: {
    noScore: 'Chưa có điểm',
    emptyTitle: 'Chưa có điểm',
    emptyBody: 'Kết quả sẽ hiện khi phần thi đầu tiên được khoá.',
    review: 'Đang xem xét',
    reviewOf: (rounds: string) => `Đang xem xét lại kết quả: ${rounds}`,
  },
};
