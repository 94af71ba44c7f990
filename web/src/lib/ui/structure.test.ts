// The web UI's shape (issue #15): no component grows past 450 lines, and every modal dialog is
// the one in lib/ui/Dialog.svelte (no other component calls showModal()).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..');
const MAX_LINES = 450;

/** Components not split yet, each with the size it may not grow past (none left today). */
const TOO_LONG: Record<string, number> = {};

function files(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files(path, out);
    else out.push(relative(SRC, path).split(sep).join('/'));
  }
  return out;
}

const all = files(SRC);
const components = all.filter((f) => f.endsWith('.svelte'));
const lineCount = (f: string) => readFileSync(join(SRC, f), 'utf8').split('\n').length - 1;

describe('web/src structure', () => {
  it('finds the components', () => {
    expect(components).toContain('lib/ui/Dialog.svelte');
  });

  it(`keeps every .svelte file within ${MAX_LINES} lines (or under its allowance)`, () => {
    const over = components
      .map((f) => ({ file: f, lines: lineCount(f) }))
      .filter(({ file, lines }) => lines > (TOO_LONG[file] ?? MAX_LINES));
    expect(over).toEqual([]);
  });

  it('lists no allowance that is no longer needed', () => {
    const stale = Object.keys(TOO_LONG).filter((f) => !components.includes(f) || lineCount(f) <= MAX_LINES);
    expect(stale).toEqual([]);
  });

  it('opens modal dialogs only through lib/ui/Dialog.svelte', () => {
    const callers = all
      .filter((f) => /\.(svelte|ts|js)$/.test(f) && !f.endsWith('.test.ts'))
      .filter((f) => readFileSync(join(SRC, f), 'utf8').includes('showModal('));
    expect(callers).toEqual(['lib/ui/Dialog.svelte']);
  });
});
