/** The contest editor's merge of what changed on the server while it was open. */
import { describe, expect, it } from 'vitest';
import type { ContestPackage } from '$contract/package';
import { testPackage } from '$lib/testing/fixtures';
import { mergeFresh } from './anchors';

const base = (): ContestPackage => ({
  ...testPackage(),
  teams: ['bhxh', 'kbnn', 'sgtvt', 'vp-ubnd', 'noi-vu', 'so-tu-phap'].map((key) => ({
    key,
    name: `Đội ${key}`,
    unit: key,
    members: [],
  })),
});
const keys = (p: { teams: { key: string }[] }) => p.teams.map((tm) => tm.key);
const merge = (draft: ContestPackage, fresh: ContestPackage, initial: ContestPackage) =>
  mergeFresh(draft as unknown as Record<string, unknown>, fresh, initial).pkg as unknown as ContestPackage;

describe('saving the editor over changes made meanwhile', () => {
  it('keeps a draw made meanwhile and a registration that arrived, when the organizer changed neither', () => {
    const initial = base();
    const draft = { ...structuredClone(initial), title: 'Tên mới' };
    const fresh = structuredClone(initial);
    fresh.teams.reverse();
    fresh.teams.splice(3, 0, { key: 'doi-moi', name: 'Đội mới', unit: 'Sở Tư pháp', members: [], status: 'pending' });
    const sent = merge(draft, fresh, initial);
    expect(sent.title).toBe('Tên mới');
    expect(keys(sent)).toEqual(keys(fresh));
  });

  it('takes a team’s own edit made meanwhile when the organizer did not touch that team', () => {
    const initial = base();
    const draft = structuredClone(initial);
    draft.teams[1] = { ...draft.teams[1]!, name: 'Sửa ở đây' };
    const fresh = structuredClone(initial);
    fresh.teams[0] = { ...fresh.teams[0]!, name: 'Đội tự sửa' };
    fresh.teams[1] = { ...fresh.teams[1]!, status: 'withdrawn' };
    const sent = merge(draft, fresh, initial);
    expect(sent.teams[0]!.name).toBe('Đội tự sửa');
    expect(sent.teams[1]).toMatchObject({ name: 'Sửa ở đây', status: 'withdrawn' });
  });

  it('keeps the organizer’s own order and removals, with new teams at the end', () => {
    const initial = base();
    const draft = structuredClone(initial);
    draft.teams = [draft.teams[2]!, draft.teams[0]!, ...draft.teams.slice(3)];
    draft.teams.push({ key: 'them', name: 'Thêm', unit: 'X', members: [] });
    const fresh = structuredClone(initial);
    fresh.teams.push({ key: 'den-sau', name: 'Đến sau', unit: 'Y', members: [], status: 'pending' });
    const sent = merge(draft, fresh, initial);
    expect(keys(sent)).toEqual([...keys(draft), 'den-sau']);
    expect(keys(sent)).not.toContain(initial.teams[1]!.key);
  });
});
