/**
 * Bytes → text for feeds: BOM, then the Content-Type charset, then the XML declaration's
 * `encoding`, else UTF-8 (so a windows-1251 RSS file reads correctly).
 */

/** Decodes a feed document. Unknown encodings fall back to UTF-8. */
export function decodeFeedText(bytes: Uint8Array, contentType = ''): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode(bytes.subarray(3), 'utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode(bytes.subarray(2), 'utf-16be');
  const fromHeader = /charset=["']?([\w.:-]+)/i.exec(contentType)?.[1];
  if (fromHeader) return decode(bytes, fromHeader);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const fromDecl = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  return decode(bytes, fromDecl ?? 'utf-8');
}

function decode(bytes: Uint8Array, label: string): string {
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
