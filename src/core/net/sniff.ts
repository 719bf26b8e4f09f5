/**
 * Recognising markup where repository bytes were expected (a captive portal or a hoster's error
 * page answered with 200 OK). Repository files are JSON (`{`) or gzip objects (0x1f 0x8b), so a
 * body whose first significant byte is `<` is never one of ours.
 *
 * The decision is made on the leading bytes as they stream in, so a large portal page is refused
 * after its first chunk. Content-Type plays no part: it never counts for trust, and a valid
 * bundle served with a wrong type is still accepted on verification (adversarial checklist
 * items 28 and 29).
 */

const BOM = [0xef, 0xbb, 0xbf] as const;

/** Incremental detector: feed chunks in order until it returns a verdict. */
export interface MarkupSniffer {
  /** True: markup; false: not markup; undefined: only whitespace (or part of a BOM) so far. */
  push(chunk: Uint8Array): boolean | undefined;
}

function isWhitespace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d;
}

/** A new sniffer. Skips a UTF-8 byte-order mark and ASCII whitespace, then looks for `<`. */
export function createMarkupSniffer(): MarkupSniffer {
  let offset = 0;
  let bomMatched = 0;
  let verdict: boolean | undefined;

  return {
    push(chunk) {
      for (let i = 0; i < chunk.length && verdict === undefined; i++, offset++) {
        const b = chunk[i]!;
        if (offset < BOM.length && bomMatched === offset && b === BOM[offset]) {
          bomMatched++;
          continue;
        }
        // A BOM that started but did not finish: its first byte was significant.
        if (bomMatched > 0 && bomMatched < BOM.length) verdict = false;
        else if (!isWhitespace(b)) verdict = b === 0x3c; // '<'
      }
      return verdict;
    },
  };
}
