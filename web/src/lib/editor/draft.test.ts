/** The editor's draft keeps who signs the minutes: a package read into the form and back is the same. */
import { describe, expect, it } from 'vitest';
import { contestPackageSchema, type ContestPackage } from '$contract/package';
import { testPackage } from '$lib/testing/fixtures';
import { fromPackage, resolveKeys, toPackage } from './draft';

const base = testPackage;
const roundTrip = (pkg: ContestPackage) => {
  const { draft, kept } = fromPackage(pkg);
  return { draft, pkg: contestPackageSchema.parse(toPackage(draft, kept, resolveKeys(draft))) };
};

describe('the minutes’ signatories in the editor', () => {
  it('come into the form and go back out unchanged', () => {
    const { draft, pkg } = roundTrip({ ...base(), chairName: 'Nguyễn Thị Ánh Tuyết', secretaryName: 'Võ Hoàng Yến' });
    expect(draft).toMatchObject({ chairName: 'Nguyễn Thị Ánh Tuyết', secretaryName: 'Võ Hoàng Yến' });
    expect(pkg).toMatchObject({ chairName: 'Nguyễn Thị Ánh Tuyết', secretaryName: 'Võ Hoàng Yến' });
  });

  it('an empty field is no name, not an empty one', () => {
    const { draft, pkg } = roundTrip(base());
    expect(draft).toMatchObject({ chairName: '', secretaryName: '' });
    expect(pkg).not.toHaveProperty('chairName');
    expect(pkg).not.toHaveProperty('secretaryName');
    draft.chairName = '  ';
    draft.secretaryName = 'Võ Hoàng Yến';
    const out = toPackage(draft, fromPackage(base()).kept, resolveKeys(draft));
    expect(out).not.toHaveProperty('chairName');
    expect(out).toMatchObject({ secretaryName: 'Võ Hoàng Yến' });
  });
});
