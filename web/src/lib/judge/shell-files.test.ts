/** The judge tablet's kept files: the judge's pages and what they import, not the rest of the build. */
import { describe, expect, it } from 'vitest';
import { catalogLoaders, judgeShellFiles, partsNeeded, type ShellChunk } from './shell-files';

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

describe("judgeShellFiles and the catalog's parts", () => {
  // As the build merges what the public screens share: the root layout's and error page's nodes are
  // facades of a shared chunk, which holds the locale (and its lazy imports of every part).
  const build: ShellChunk[] = [
    chunk('entry/start.js', { imports: at('chunks/runtime.js') }),
    chunk('entry/app.js', { imports: at('chunks/runtime.js'), dynamicImports: at('nodes/0.js', 'nodes/1.js', 'nodes/18.js') }),
    chunk('chunks/runtime.js', {
      moduleIds: ['/w/web/src/lib/i18n/locale.svelte.ts', '/w/web/src/routes/+layout.svelte'],
      dynamicImports: at(
        'chunks/judge-vi.js',
        'chunks/judge-en.js',
        'chunks/console-vi.js',
        'chunks/en.js',
        'chunks/quiz-vi.js',
        'chunks/contest-en.js',
      ),
      partsNeeded: [],
    }),
    chunk('nodes/0.js', {
      moduleIds: ['/w/web/.svelte-kit/generated/client-optimized/nodes/0.js'],
      imports: at('chunks/runtime.js'),
    }),
    chunk('nodes/1.js', {
      moduleIds: ['/w/web/.svelte-kit/generated/client-optimized/nodes/1.js'],
      imports: at('chunks/runtime.js'),
    }),
    chunk('nodes/18.js', {
      moduleIds: ['/w/web/src/routes/judge/+page.ts'],
      imports: at('chunks/runtime.js'),
      dynamicImports: at('chunks/Dialog.js'),
      partsNeeded: ['judge'],
    }),
    chunk('chunks/Dialog.js', { partsNeeded: ['contest'] }),
    chunk('chunks/judge-vi.js', { catalogPart: 'judge', imports: at('chunks/shared-words.js') }),
    chunk('chunks/judge-en.js', { catalogPart: 'judge' }),
    chunk('chunks/shared-words.js'),
    chunk('chunks/console-vi.js', { catalogPart: 'console' }),
    chunk('chunks/quiz-vi.js', { catalogPart: 'quiz' }),
    chunk('chunks/en.js', { catalogPart: 'base' }),
    chunk('chunks/contest-en.js', { catalogPart: 'contest' }),
  ];
  it('keeps the root nodes that are facades, and only the parts the kept code asks for, in both languages, with the English base', () => {
    expect(judgeShellFiles(build)).toEqual(
      at(
        'chunks/Dialog.js',
        'chunks/contest-en.js',
        'chunks/en.js',
        'chunks/judge-en.js',
        'chunks/judge-vi.js',
        'chunks/runtime.js',
        'chunks/shared-words.js',
        'entry/app.js',
        'entry/start.js',
        'nodes/0.js',
        'nodes/1.js',
        'nodes/18.js',
      ),
    );
  });
});

describe('catalogLoaders', () => {
  it("reads the locale's loaders, as written and as Vite's build wraps them", () => {
    const source = `const VI = {
  console: () => import('./console-vi').then((m) => m.consoleVi),
  judge: () => import('./areas/judge').then((m) => ({ judge: m.judgeVi })),
};
const LOADERS = { en: { base: () => __vitePreload(() => import("./en"),__VITE_IS_MODERN__?__VITE_PRELOAD__:void 0,import.meta.url).then((m) => m.en) } };
const other = { run: () => start(), lazy: (x) => load(x, 'a') };`;
    expect(catalogLoaders(source)).toEqual([
      { part: 'console', path: './console-vi' },
      { part: 'judge', path: './areas/judge' },
      { part: 'base', path: './en' },
    ]);
  });
});

describe('partsNeeded', () => {
  it('reads the parts named in need() calls of built code, not the ones passed along', () => {
    expect(partsNeeded(`async function X(){await Promise.all([r.need("judge","live",'contest'),y()])}`)).toEqual([
      'judge',
      'live',
      'contest',
    ]);
    expect(partsNeeded('const s=await Promise.all([a(t),r.need(...e)]);n.need(`quiz`)')).toEqual(['quiz']);
    expect(partsNeeded('need("x")')).toEqual([]);
  });
});
