/** Messages of the account page: an organizer or host changes their own password. */

export const accountVi = {
  link: 'Tài khoản',
  title: 'Tài khoản của tôi',
  intro:
    'Đổi mật khẩu đăng nhập. Sau khi đổi, mọi phiên đăng nhập khác của tài khoản này (trên máy khác) sẽ bị đăng xuất; máy này vẫn đăng nhập.',
  email: 'Email',
  role: 'Vai trò',
  roles: { organizer: 'Ban Tổ chức', host: 'Thư ký, người dẫn chương trình' },
  current: 'Mật khẩu hiện tại',
  next: 'Mật khẩu mới',
  nextHint: (min: number) => `Ít nhất ${min} ký tự.`,
  confirm: 'Nhập lại mật khẩu mới',
  required: 'Vui lòng nhập mật khẩu',
  tooShort: (min: number) => `Mật khẩu mới cần ít nhất ${min} ký tự`,
  mismatch: 'Hai lần nhập mật khẩu mới không giống nhau',
  submit: 'Đổi mật khẩu',
  submitting: 'Đang đổi…',
  done: 'Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất.',
};
