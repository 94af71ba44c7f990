/**
 * What `npm run hoithi -- tls` prints after making the certificates: where they are, how to start
 * the server in the HTTPS mode, and how to trust the CA on an iPad or an Android tablet; in
 * Vietnamese and in English.
 */
import type { TlsFiles } from '../server/lib/tls.js';

export function tlsGuide(files: TlsFiles, hosts: string[], port: number, caName: string): string {
  const env = `HOITHI_TLS_CERT=${files.cert} HOITHI_TLS_KEY=${files.key} npm start`;
  const url = `https://${hosts[0]}:${port}/`;
  const vi = [
    `Đã tạo chứng chỉ HTTPS cho: ${hosts.join(', ')}`,
    `  CA (cài lên máy tính bảng): ${files.caCert}`,
    `  chứng chỉ máy chủ: ${files.cert}`,
    `  khoá: ${files.key}, ${files.caKey} (giữ kín)`,
    files.newCa
      ? `  CA mới "${caName}": mỗi máy tính bảng cần tin nó một lần (bên dưới).`
      : `  CA cũ được giữ nguyên: máy tính bảng đã tin nó thì không phải cài lại.`,
    '',
    'Khởi động máy chủ ở chế độ HTTPS:',
    `  ${env}`,
    `rồi mở ${url} trên máy tính bảng (liên kết riêng của giám khảo cũng sẽ là https).`,
    '',
    'Tin cậy CA trên máy tính bảng (một lần cho mỗi máy):',
    '  iPad: gửi ca.crt sang máy (AirDrop, thư, Zalo…) và mở bằng Safari → "Đã tải về hồ sơ";',
    '        Cài đặt → Cài đặt chung → VPN & Quản lý thiết bị → chọn hồ sơ → Cài đặt;',
    `        rồi Cài đặt → Cài đặt chung → Giới thiệu → Cài đặt tin cậy chứng nhận → bật "${caName}".`,
    '  Android: chép ca.crt vào máy; Cài đặt → Bảo mật → Mã hoá và thông tin xác thực →',
    '        Cài đặt chứng chỉ → Chứng chỉ CA → chọn ca.crt (tên mục tuỳ hãng). Chrome tin CA này.',
    'Ai có ca.key có thể giả mạo mọi trang web trên máy đã tin CA: đừng chép nó đi đâu.',
    'Địa chỉ LAN đổi (Wi-Fi khác)? Chạy lại lệnh này: CA được giữ, chỉ chứng chỉ máy chủ được làm mới.',
  ];
  const en = [
    `HTTPS certificate made for: ${hosts.join(', ')}`,
    `  CA (install it on the tablets): ${files.caCert}`,
    `  server certificate: ${files.cert}`,
    `  keys: ${files.key}, ${files.caKey} (keep them private)`,
    files.newCa
      ? `  a new CA "${caName}": every tablet trusts it once (below).`
      : `  the existing CA was kept: tablets that trust it need nothing new.`,
    '',
    'Start the server in the HTTPS mode:',
    `  ${env}`,
    `then open ${url} on the tablet (the judges' private links become https too).`,
    '',
    'Trust the CA on a tablet (once per device):',
    '  iPad: send ca.crt to it (AirDrop, mail…) and open it in Safari → "Profile Downloaded";',
    '        Settings → General → VPN & Device Management → the profile → Install;',
    `        then Settings → General → About → Certificate Trust Settings → turn on "${caName}".`,
    '  Android: copy ca.crt to it; Settings → Security → Encryption & credentials →',
    '        Install a certificate → CA certificate → pick ca.crt (names vary by maker). Chrome trusts it.',
    'Whoever holds ca.key can impersonate any site on a tablet that trusts the CA: never copy it anywhere.',
    'The LAN address changed (another Wi-Fi)? Run this again: the CA is kept, only the server certificate is new.',
  ];
  return `${vi.join('\n')}\n\n${en.join('\n')}\n`;
}
