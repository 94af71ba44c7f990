/**
 * An accessibility check of a page with axe-core: `runAxe(page)` lists the violations whose impact
 * is serious or critical (an empty list is a pass).
 *
 * axe is run from the test's side through the DevTools protocol (page.evaluate), not through a
 * <script> tag: the app's Content-Security-Policy rightly refuses inline scripts, and a refused
 * script would also show up as a console error in the tests that watch for them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

export interface AxeViolation {
  id: string;
  impact: Impact | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

export interface AxeOptions {
  /** A CSS selector of the part of the page to check; the whole document by default. */
  include?: string;
  /** Impacts that count; serious and critical by default. */
  impacts?: readonly Impact[];
  /** Rules to leave out, each with the reason in the calling test. */
  disableRules?: readonly string[];
}

/** Runs axe on the page as it is now; returns the violations of the impacts that count. */
export async function runAxe(page: Page, options: AxeOptions = {}): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(`${AXE_SOURCE}\n;void 0;`);
  const impacts = options.impacts ?? ['serious', 'critical'];
  const violations = await page.evaluate(
    async ({ include, disableRules }) => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } })
        .axe;
      const rules = Object.fromEntries(disableRules.map((id) => [id, { enabled: false }]));
      const result = await axe.run(include ? { include: [include] } : document, { rules, resultTypes: ['violations'] });
      return result.violations as AxeViolation[];
    },
    { include: options.include ?? null, disableRules: [...(options.disableRules ?? [])] },
  );
  return violations
    .filter((v) => v.impact !== null && impacts.includes(v.impact))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
}

/** Violations in a few readable lines, for an assertion's message. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')} ${n.html}`).join('\n')}`)
    .join('\n');
}
