/**
 * Where and why a JSON text fails to parse, for one-line errors that name a line and a column
 * (`site.json:3:10: ...`) instead of V8's character offset, which no editor shows. The place comes
 * from jsonc-parser's error offsets (strict mode: no comments, no trailing commas), the reason from
 * V8's own message without its offset.
 */
import { parse, type ParseError } from 'jsonc-parser';

/** 1-based line and column of a character offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - start + 1 };
}

/** `:<line>:<column>` of the first syntax error in `text` (empty when none is found). */
export function jsonErrorPlace(text: string, error: unknown): string {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  let offset = errors[0]?.offset;
  if (offset === undefined) {
    const m = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
    if (m) offset = Number(m[1]);
  }
  if (offset === undefined) return '';
  const { line, column } = lineColumn(text, offset);
  return `:${line}:${column}`;
}

/** V8's reason without the offset and the echoed text (`Unexpected string`). */
export function jsonErrorReason(error: unknown): string {
  const msg = error instanceof Error ? error.message : String(error);
  return msg.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '').trim() || 'syntax error';
}
