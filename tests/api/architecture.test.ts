/**
 * The layering rules of docs/architecture.md, checked on the source (issue #15):
 * - a route file runs no SQL: no drizzle import, no db/schema, no app.db query or transaction;
 * - domain modules (server/modules/<name>) import each other without cycles;
 * - plugins (server/plugins) import no domain module;
 * - a route file is at most 250 lines.
 * Files not yet converted are listed by name in the allow-lists below; each entry must still break
 * its rule (so a fixed file is taken off its list), and the lists only shrink.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SERVER = join(ROOT, 'server');

/** Route files that still run SQL themselves. */
const SQL_IN_ROUTES_ALLOWED = new Set<string>([]);
/** Route files still over 250 lines. */
const LONG_ROUTES_ALLOWED = new Set<string>([]);
/** Plugins that still import a domain module. */
const PLUGINS_IMPORTING_MODULES_ALLOWED = new Set<string>([]);
/** Import cycles between domain modules not yet broken, each as its modules sorted and joined by ' ⇄ '. */
const MODULE_CYCLES_ALLOWED = new Set<string>([]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

const files = sourceFiles(SERVER);
const rel = (path: string) => relative(ROOT, path).split('\\').join('/');

/** The specifiers of a file's static and dynamic imports and re-exports (type-only ones too). */
function importsOf(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g)) specs.push(m[1]!);
  for (const m of source.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) specs.push(m[1]!);
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]!);
  return specs;
}

/** A relative specifier as the repository path of the file it names. */
function resolved(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return rel(resolve(dirname(from), spec).replace(/\.js$/, '.ts'));
}

const graph = new Map(
  files.map((f) => {
    const source = readFileSync(f, 'utf8');
    return [rel(f), { source, specs: importsOf(source), targets: importsOf(source).flatMap((s) => resolved(f, s) ?? []) }];
  }),
);

const moduleOf = (path: string) => /^server\/modules\/([^/]+)\//.exec(path)?.[1] ?? null;
const isRouteFile = (path: string) => /^server\/modules\/.*routes[^/]*\.ts$/.test(path);

function sqlInRoutes(): string[] {
  return [...graph]
    .filter(([path]) => isRouteFile(path))
    .filter(
      ([, f]) =>
        f.specs.some((s) => s === 'drizzle-orm' || s.startsWith('drizzle-orm/') || /db\/schema(\.js)?$/.test(s)) ||
        /\bapp\.db\s*\.\s*(select|insert|update|delete|transaction|run|all|get)\b/.test(f.source) ||
        /\bwrite\(\s*app\.db\b/.test(f.source),
    )
    .map(([path]) => path)
    .sort();
}

function longRoutes(): string[] {
  return [...graph]
    .filter(([path, f]) => isRouteFile(path) && f.source.split('\n').filter((l, i, all) => i < all.length - 1 || l).length > 250)
    .map(([path]) => path)
    .sort();
}

function pluginsImportingModules(): string[] {
  return [...graph]
    .filter(([path, f]) => path.startsWith('server/plugins/') && f.targets.some((t) => t.startsWith('server/modules/')))
    .map(([path]) => path)
    .sort();
}

/** The strongly connected components of more than one module in the graph of module imports. */
function moduleCycles(): string[] {
  const edges = new Map<string, Set<string>>();
  for (const [path, f] of graph) {
    const from = moduleOf(path);
    if (!from) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    for (const t of f.targets) {
      const to = moduleOf(t);
      if (to && to !== from) edges.get(from)!.add(to);
    }
  }
  // Tarjan's algorithm.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return components.map((c) => c.join(' ⇄ ')).sort();
}

/** What breaks a rule, minus the allowed entries; and the allowed entries that no longer break it. */
function check(found: string[], allowed: ReadonlySet<string>) {
  return { breaking: found.filter((f) => !allowed.has(f)), stale: [...allowed].filter((a) => !found.includes(a)) };
}

describe('architecture', () => {
  it('parses the imports of the server (the checks below see real edges)', () => {
    expect(graph.get('server/app.ts')?.targets).toContain('server/plugins/live.ts');
    expect(graph.get('server/modules/results/routes.ts')?.targets).toContain('server/modules/results/awards.ts');
    expect(moduleOf('server/modules/results/routes.ts')).toBe('results');
  });

  it('finds what it looks for (a positive control on made-up sources)', () => {
    expect(
      importsOf("import { eq } from 'drizzle-orm';\nimport type { X } from './x.js';\nexport { y } from '../y.js';"),
    ).toEqual(['drizzle-orm', './x.js', '../y.js']);
    expect(importsOf("const m = await import('./lazy.js');")).toEqual(['./lazy.js']);
  });

  it('runs no SQL in a route file', () => {
    expect(check(sqlInRoutes(), SQL_IN_ROUTES_ALLOWED)).toEqual({ breaking: [], stale: [] });
  });

  it('keeps route files at most 250 lines', () => {
    expect(check(longRoutes(), LONG_ROUTES_ALLOWED)).toEqual({ breaking: [], stale: [] });
  });

  it('lets no plugin import a domain module', () => {
    expect(check(pluginsImportingModules(), PLUGINS_IMPORTING_MODULES_ALLOWED)).toEqual({ breaking: [], stale: [] });
  });

  it('has no import cycle between domain modules', () => {
    expect(check(moduleCycles(), MODULE_CYCLES_ALLOWED)).toEqual({ breaking: [], stale: [] });
  });

  it('keeps the shared lookups neutral: modules/shared imports no other domain module', () => {
    const out = [...graph]
      .filter(([path]) => moduleOf(path) === 'shared')
      .flatMap(([path, f]) => f.targets.filter((t) => moduleOf(t) && moduleOf(t) !== 'shared').map((t) => `${path} → ${t}`));
    expect(out).toEqual([]);
  });
});
