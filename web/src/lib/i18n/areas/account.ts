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

export const accountEn = {
  link: 'Account',
  title: 'My account',
  intro:
    'Change your sign-in password. Afterwards every other session of this account (on other devices) is signed out; this device stays signed in.',
  email: 'Email',
  role: 'Role',
  roles: { organizer: 'Organizer', host: 'Secretary, host' },
  current: 'Current password',
  next: 'New password',
  nextHint: (min: number) => `At least ${min} characters.`,
  confirm: 'New password again',
  required: 'Please enter the password',
  tooShort: (min: number) => `The new password needs at least ${min} characters`,
  mismatch: 'The two new passwords differ',
  submit: 'Change password',
  submitting: 'Changing…',
  done: 'Password changed. Other sessions were signed out.',
} satisfies typeof accountVi;
