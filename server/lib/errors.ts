import { plainError, type ErrorFields } from '../../db/write-thread.js';
import { ERRORS, type ErrorCode } from './../contract/errors.js';

/** An expected failure: the error handler turns it into api.md's error body. */
export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    readonly path?: string,
    readonly params: Record<string, unknown> = {},
    /** Extra top-level fields of the error body, e.g. the current sheet of a version conflict. */
    readonly body: Record<string, unknown> = {},
  ) {
    super(code);
    this.statusCode = ERRORS[code].status;
  }
}

/** A request that failed its zod schema; carries the raw issues for the localised message. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly issues: readonly import('zod').z.core.$ZodIssue[],
    readonly validationContext?: string,
  ) {
    super('VALIDATION');
  }
}

/** An error back from the write thread (db/write-thread.ts) as the class it was thrown as. */
export function reviveError(fields: ErrorFields): Error {
  if (fields.name === 'AppError') {
    const f = fields as unknown as Pick<AppError, 'code' | 'path' | 'params' | 'body'>;
    return new AppError(f.code, f.path, f.params, f.body);
  }
  return plainError(fields);
}
