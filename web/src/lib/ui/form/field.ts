/** What the control of a field spreads on itself: its id and what ties it to the hint and the error. */
export interface ControlAttributes {
  id: string;
  'aria-invalid': 'true' | undefined;
  'aria-describedby': string | undefined;
}

/**
 * The attributes of a field's control: invalid while it has an error; described by the ids given (a
 * fieldset's hint), then its own hint (`<id>-hint`), then its error (`<id>-error`).
 */
export function controlAttributes(
  id: string,
  { hint = false, error = false, describedby }: { hint?: boolean; error?: boolean; describedby?: string | undefined },
): ControlAttributes {
  const ids = [describedby, hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean);
  return { id, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': ids.join(' ') || undefined };
}

/** What a spreadsheet file input accepts: the XLSX and CSV files the imports read. */
export const SPREADSHEET = '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The words of an import, as each import's catalog has them. */
export interface SpreadsheetWords {
  chooseFile: string;
  reading: string;
  template: string;
  templateFile: string;
  templateHeaders: readonly string[];
  templateRows: readonly (readonly string[])[];
}
