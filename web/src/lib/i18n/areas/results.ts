/** Messages of the organizer's results, policy and exports pages. */
export const resultsVi = {
  title: 'Kết quả',
};
export const resultsEn = {
  title: 'Results',
} satisfies typeof resultsVi;
