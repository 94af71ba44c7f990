/**
 * Words zod issues in the reader's language, with the field path that api.md's errors name: a rule
 * of the contract (PHONE_FORMAT, EMAIL_FORMAT, …) by its message in ./errors, a missing or empty
 * value in plain words, anything else by zod's own locale. The server's errors and the web app's
 * forms word them the same way through this one file.
 */
import { z } from 'zod';
import { formatRule, type Lang } from './errors.js';

export interface WordedIssue {
  path: string;
  code: string;
  message: string;
}

const LOCALES = { vi: z.locales.vi(), en: z.locales.en() } as const;
export const REQUIRED = { vi: 'Bắt buộc phải có', en: 'Required' } as const;
export const EMPTY = { vi: 'Không được để trống', en: 'Must not be empty' } as const;

/** `rounds.0.criteria.1.step`: the same dotted path the web console uses to place an error. */
export function issuePath(path: readonly PropertyKey[], prefix?: string): string {
  const parts = path.map((p) => String(p));
  return [prefix, ...parts].filter((p) => p !== undefined && p !== '').join('.');
}

export function wordIssue(issue: z.core.$ZodIssue, lang: Lang, prefix?: string): WordedIssue {
  const path = issuePath(issue.path, prefix);
  const params = (issue as { params?: Record<string, unknown> }).params ?? {};
  const ruleCode = typeof params['rule'] === 'string' ? params['rule'] : issue.message;
  const rule = formatRule(ruleCode, lang, params);
  if (rule) return { path, code: ruleCode, message: rule };
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'invalid_type' && input === undefined) return { path, code: 'required', message: REQUIRED[lang] };
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1)
    return { path, code: 'empty', message: EMPTY[lang] };
  const worded = LOCALES[lang].localeError(issue as unknown as z.core.$ZodRawIssue);
  const message = typeof worded === 'string' ? worded : (worded?.message ?? issue.message);
  return { path, code: issue.code, message };
}
