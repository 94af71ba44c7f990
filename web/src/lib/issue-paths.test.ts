import { describe, expect, it } from 'vitest';
import { describePath } from './issue-paths';
import { consoleVi } from './i18n/console-vi';

describe('describePath: keys are data (issue #13, item 2)', () => {
  it('words a path through a key named like an object property, never an inherited one', () => {
    const pkg = { rounds: [{ key: 'constructor', title: 'Phần thi', criteria: [{ key: 'constructor', title: 'Nội dung' }] }] };
    for (const path of [
      'constructor',
      'constructor.0',
      'rounds.0.constructor',
      'rounds.0.criteria.0.constructor',
      'toString.0.name',
    ]) {
      const parts = describePath(path, pkg, consoleVi);
      for (const p of parts) {
        expect(typeof p, path).toBe('string');
        expect(p, path).not.toMatch(/function|native code/);
      }
    }
  });
});
