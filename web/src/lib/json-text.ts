/**
 * Parsing pasted or uploaded JSON, and finding where it goes wrong. Browsers word JSON.parse
 * errors differently and do not always give a position, so the position comes from a small
 * scanner of our own, run only on text that JSON.parse refused.
 */

export type JsonParse =
  | { kind: 'empty' }
  | { kind: 'ok'; value: unknown }
  | { kind: 'error'; position: number; line: number; column: number; lineText: string };

/** Offset of the first character that is not valid JSON, or null for valid JSON. */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const n = text.length;

  class Stop {
    constructor(readonly at: number) {}
  }
  const fail = (at: number): never => {
    throw new Stop(at);
  };
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++) if (text[i + k] !== word[k]) fail(i + k);
    i += word.length;
  };
  const digits = () => {
    const start = i;
    while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === start) fail(i);
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const string = () => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail(i);
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          for (let k = 2; k < 6; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) fail(i + k);
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail(i + 1);
        i += 2;
        continue;
      }
      i++;
    }
    fail(n);
  };
  /** An object's or an array's items, from its opening bracket to `close`, separated by commas. */
  const items = (close: '}' | ']', item: () => void): void => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        return;
      }
      fail(i);
    }
  };
  const member = (depth: number): void => {
    ws();
    if (text[i] !== '"') fail(i);
    string();
    ws();
    if (text[i] !== ':') fail(i);
    i++;
    value(depth + 1);
  };
  const value = (depth: number): void => {
    if (depth > 512) fail(i);
    ws();
    const c = text[i];
    if (c === '{') return items('}', () => member(depth));
    if (c === '[') return items(']', () => value(depth + 1));
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail(i);
  };

  try {
    value(0);
    ws();
    return i < n ? i : null;
  } catch (e) {
    if (e instanceof Stop) return Math.min(e.at, n);
    throw e;
  }
}

/** 1-based line and column of an offset, and the text of that line. */
export function lineAndColumn(text: string, position: number): { line: number; column: number; lineText: string } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', position);
  return {
    line,
    column: position - lineStart + 1,
    lineText: text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd).replace(/\r$/, ''),
  };
}

export function parseJson(text: string): JsonParse {
  if (text.trim() === '') return { kind: 'empty' };
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown };
  } catch {
    const position = jsonErrorOffset(text) ?? text.length;
    return { kind: 'error', position, ...lineAndColumn(text, position) };
  }
}
