/**
 * Reading QR codes from camera frames and pictures: the browser's BarcodeDetector where it reads
 * QR codes (Chromium on Android and macOS), else ZXing-C++ as WebAssembly (zxing-wasm), imported
 * only when a reader opens so the app shell stays small. Its module and .wasm file are part of the
 * precached shell (pwa-options.ts globs them), so reading works offline too.
 */

/** Reads the text of a QR code in an image source, or undefined when there is none. */
export type QrReader = (source: ImageBitmapSource) => Promise<string | undefined>;

interface BarcodeDetectorLike {
  detect(source: ImageBitmapSource): Promise<{ rawValue: string }[]>;
}
interface BarcodeDetectorCtor {
  new (opts: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

let cached: Promise<QrReader> | undefined;

async function nativeReader(): Promise<QrReader | undefined> {
  const Ctor = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  if (!Ctor) return undefined;
  try {
    if (!(await Ctor.getSupportedFormats()).includes('qr_code')) return undefined;
  } catch {
    return undefined;
  }
  const detector = new Ctor({ formats: ['qr_code'] });
  return async (source) => (await detector.detect(source))[0]?.rawValue;
}

/** Pixels of any image source (a video frame, a picture file, a canvas). */
async function pixels(source: ImageBitmapSource): Promise<ImageData> {
  const bitmap = await createImageBitmap(source);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

async function wasmReader(): Promise<QrReader> {
  const { readZxing } = await import('./qr-zxing.ts');
  return async (source) => readZxing(await pixels(source));
}

/** The QR reader of this browser (BarcodeDetector, else the bundled ZXing), loaded once. */
export function qrReader(opts: { preferWasm?: boolean } = {}): Promise<QrReader> {
  if (opts.preferWasm) return wasmReader();
  cached ??= nativeReader().then((r) => r ?? wasmReader());
  cached.catch(() => (cached = undefined));
  return cached;
}
