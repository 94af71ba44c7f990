/** Words for the field of a team that an issue or a bad row of an import names: `members.2.name` → "Thành viên 3 · họ tên". */
import type { Messages } from '$lib/i18n/vi';

export function fieldLabel(path: string, m: Messages): string {
  const f = m.review.fields;
  const member = /^members\.(\d+)(?:\.(name|role))?$/.exec(path);
  if (member) {
    const which = f.member(Number(member[1]) + 1);
    return member[2] ? `${which} · ${member[2] === 'name' ? f.memberName : f.memberRole}` : which;
  }
  const words: Record<string, string> = f.byPath;
  return words[path] ?? path;
}
