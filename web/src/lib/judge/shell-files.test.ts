/** The judge tablet's kept files: the judge's pages and what they import, not the rest of the build. */
import { describe, expect, it } from 'vitest';
import { judgeShellFiles, type ShellChunk } from './shell-files';

const I = '_app/immutable';
const chunk = (fileName: string, more: Partial<ShellChunk> = {}): ShellChunk => ({
  fileName: `${I}/${fileName}`,
  moduleIds: [],
  imports: [],
  dynamicImports: [],
  assets: [],
  ...more,
});
const at = (...names: string[]) => names.map((n) => `${I}/${n}`);

describe('judgeShellFiles', () => {
  const build: ShellChunk[] = [
    chunk('entry/start.js', { imports: at('chunks/runtime.js') }),
    // The app entry imports every page lazily.
    chunk('entry/app.js', {
      imports: at('chunks/runtime.js'),
      dynamicImports: at('nodes/0.js', 'nodes/1.js', 'nodes/5.js', 'nodes/18.js'),
    }),
    chunk('chunks/runtime.js'),
    chunk('nodes/0.js', {
      moduleIds: ['/w/web/src/routes/+layout.svelte'],
      imports: at('chunks/locale.js'),
      assets: at('assets/0.css'),
    }),
    chunk('nodes/1.js', { moduleIds: ['/w/web/src/routes/+error.svelte'], dynamicImports: at('chunks/PublicBar.js') }),
    chunk('chunks/PublicBar.js', { assets: at('assets/PublicBar.css') }),
    chunk('chunks/locale.js', { dynamicImports: at('chunks/judge-words.js', 'chunks/console-words.js') }),
    chunk('chunks/judge-words.js'),
    chunk('chunks/console-words.js'),
    // The console's page and the judge's.
    chunk('nodes/5.js', {
      moduleIds: ['/w/web/src/routes/(console)/+layout.ts', '/w/web/src/routes/(console)/+page.svelte'],
      imports: at('chunks/editor.js'),
    }),
    chunk('chunks/editor.js', { assets: at('assets/editor.css') }),
    chunk('nodes/18.js', {
      moduleIds: ['/w/web/.svelte-kit/generated/client-optimized/nodes/18.js', '/w/web/src/routes/judge/+page.svelte'],
      imports: at('chunks/runtime.js', 'chunks/outbox.js'),
      dynamicImports: at('chunks/Dialog.js'),
      assets: at('assets/18.css', 'assets/logo.png'),
    }),
    chunk('chunks/outbox.js'),
    chunk('chunks/Dialog.js', { assets: at('assets/Dialog.css') }),
    chunk('nodes/17.js', { moduleIds: ['C:\\w\\web\\src\\routes\\j\\[token]\\+page.ts'], imports: at('chunks/outbox.js') }),
  ];

  it("keeps the entries, the judge's pages, the root layout and error page, their imports (also lazy ones) and their CSS", () => {
    expect(judgeShellFiles(build)).toEqual(
      at(
        'assets/0.css',
        'assets/18.css',
        'assets/Dialog.css',
        'assets/PublicBar.css',
        'assets/logo.png',
        'chunks/Dialog.js',
        'chunks/PublicBar.js',
        'chunks/console-words.js',
        'chunks/judge-words.js',
        'chunks/locale.js',
        'chunks/outbox.js',
        'chunks/runtime.js',
        'entry/app.js',
        'entry/start.js',
        'nodes/0.js',
        'nodes/1.js',
        'nodes/17.js',
        'nodes/18.js',
      ),
    );
  });

  it("leaves out the other pages, which only the app entry's lazy table reaches", () => {
    const kept = judgeShellFiles(build);
    for (const other of at('nodes/5.js', 'chunks/editor.js', 'assets/editor.css')) expect(kept).not.toContain(other);
  });
});
