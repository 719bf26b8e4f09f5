/// <reference types="vite/client" />
/**
 * ZXing-C++ (zxing-wasm's reader build), loaded by qr-read.ts only when a code reader opens. The
 * .wasm file is the app's own precached asset: zxing-wasm would otherwise fetch it from a CDN,
 * which the page's CSP (connect-src 'self') forbids and which would not work offline anyway.
 */
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(wasmUrl, location.href).href : prefix + path),
  },
});

/** The text of the first QR code in `image`, or undefined. */
export async function readZxing(image: ImageData): Promise<string | undefined> {
  const results = await readBarcodes(image, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 });
  return results.find((r) => r.isValid)?.text;
}
