/** Types for html-encoding-sniffer 7 (the package ships none). */
declare module 'html-encoding-sniffer' {
  /** Options of the sniffer; see the package README. */
  interface SnifferOptions {
    xml?: boolean;
    transportLayerEncodingLabel?: string;
    defaultEncoding?: string;
    maxPrescanBytes?: number;
  }
  /** Returns a WHATWG encoding name (or `defaultEncoding` when nothing is found). */
  function htmlEncodingSniffer(bytes: Uint8Array, options?: SnifferOptions): string;
  export = htmlEncodingSniffer;
}
