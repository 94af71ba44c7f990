/** The question bank's template file: a CSV with a BOM (so that Excel reads UTF-8) and the header the import reads. */

const quote = (cell: string) => (/[",;\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

export function templateCsv(headers: readonly string[], examples: readonly (readonly string[])[]): Blob {
  return new Blob(['\uFEFF', csvText([headers, ...examples])], { type: 'text/csv;charset=utf-8' });
}
