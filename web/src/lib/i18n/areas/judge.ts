/** Messages of the judge's tablet and the organizer's judges page. */
export const judgeVi = {
  title: 'Chấm điểm',
};
export const judgeEn = {
  title: 'Scoring',
} satisfies typeof judgeVi;
