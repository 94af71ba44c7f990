/**
 * The schema's issues in the reader's language, worded like the server words them
 * (server/lib/issues.ts): the package's own rules from RULE_MESSAGES, plain words for the usual
 * zod codes, zod's own locale for the rest.
 */
import { z } from 'zod';
import { formatRule, type Lang } from '$contract/errors';
import type { Messages } from '$lib/i18n/vi';

export interface PathIssue {
  /** The package's field path, e.g. `rounds.0.criteria.1.step`. */
  path: string;
  code: string;
  message: string;
}

const LOCALES = { vi: z.locales.vi(), en: z.locales.en() } as const;

/** `rounds.0.criteria.1.step`: the dotted path the server's issues carry. */
export const pathOf = (path: readonly PropertyKey[]): string => path.map((p) => String(p)).join('.');

/** The last named segment of a path: what a list is a list of. */
function listName(path: readonly PropertyKey[]): string {
  const last = path[path.length - 1];
  return typeof last === 'string' ? last : '';
}

export function wordIssue(issue: z.core.$ZodIssue, lang: Lang, t: Messages): PathIssue {
  const w = t.editor.issues;
  const path = pathOf(issue.path);
  const params = (issue as { params?: Record<string, unknown> }).params ?? {};
  const ruleCode = typeof params['rule'] === 'string' ? params['rule'] : issue.message;
  const rule = formatRule(ruleCode, lang, params);
  if (rule) return { path, code: ruleCode, message: rule };

  const say = (message: string) => ({ path, code: issue.code, message });
  switch (issue.code) {
    case 'invalid_type':
      // zod leaves the input out of its issues, but names what it received in its message.
      if (/received undefined$/.test(issue.message)) return { path, code: 'required', message: w.required };
      if (issue.expected === 'int') return say(w.notInteger);
      if (issue.expected === 'number') return say(w.notNumber);
      break;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string' && min === 1) return { path, code: 'empty', message: w.empty };
      if (issue.origin === 'array') return say(w.listAtLeast(min, listName(issue.path)));
      if (issue.origin === 'number' || issue.origin === 'int')
        return say(issue.inclusive === false ? w.greaterThan(locale(min, lang)) : w.atLeast(locale(min, lang)));
      break;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return say(w.tooLong(max));
      if (issue.origin === 'array') return say(w.listAtMost(max));
      if (issue.origin === 'number' || issue.origin === 'int') return say(w.atMost(locale(max, lang)));
      break;
    }
    case 'invalid_format':
      if (issue.format === 'datetime') return say(w.dateTime);
      break;
    case 'invalid_value':
    case 'invalid_union':
      return say(w.choice);
  }
  const worded = LOCALES[lang].localeError(issue as unknown as z.core.$ZodRawIssue);
  return say(typeof worded === 'string' ? worded : (worded?.message ?? issue.message));
}

function locale(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(n);
}
