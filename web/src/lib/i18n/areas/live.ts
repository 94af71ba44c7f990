/** Messages of the host console, the big screen, the audience phone page and the overlay. */
export const liveVi = {
  reconnecting: 'Đang kết nối lại…',
};
export const liveEn = {
  reconnecting: 'Reconnecting…',
} satisfies typeof liveVi;
