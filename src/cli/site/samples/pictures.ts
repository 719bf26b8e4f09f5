/**
 * Procedural illustrations for the sample articles: a few flat shapes on a gradient sky, drawn
 * into an RGB buffer and encoded as PNG. Small (a few KB each) and generated, never copied.
 */
import { encodePng } from './png.ts';

type Rgb = readonly [number, number, number];

/** A tiny raster canvas. */
class Canvas {
  readonly px: Uint8Array;
  constructor(
    readonly w: number,
    readonly h: number,
  ) {
    this.px = new Uint8Array(w * h * 3);
  }
  set(x: number, y: number, c: Rgb): void {
    if (x < 0 || y < 0 || x >= this.w || y >= this.h) return;
    const i = (y * this.w + x) * 3;
    this.px[i] = c[0];
    this.px[i + 1] = c[1];
    this.px[i + 2] = c[2];
  }
  gradient(top: Rgb, bottom: Rgb): void {
    for (let y = 0; y < this.h; y++) {
      const t = y / (this.h - 1);
      const c: Rgb = [0, 1, 2].map((k) => Math.round(top[k]! + (bottom[k]! - top[k]!) * t)) as unknown as Rgb;
      for (let x = 0; x < this.w; x++) this.set(x, y, c);
    }
  }
  rect(x0: number, y0: number, w: number, h: number, c: Rgb): void {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) this.set(x, y, c);
  }
  circle(cx: number, cy: number, r: number, c: Rgb): void {
    for (let y = cy - r; y <= cy + r; y++) for (let x = cx - r; x <= cx + r; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) this.set(x, y, c);
  }
  /** Fill below the curve y = f(x). */
  ground(f: (x: number) => number, c: Rgb): void {
    for (let x = 0; x < this.w; x++) for (let y = Math.max(0, Math.round(f(x))); y < this.h; y++) this.set(x, y, c);
  }
}

/** The illustrations available to samples. */
export type PictureKind = 'river' | 'library' | 'bus' | 'market' | 'bridge' | 'garden';

/** Draw one illustration (320 × 180) and return PNG bytes. */
export function drawPicture(kind: PictureKind): Uint8Array {
  const c = new Canvas(320, 180);
  switch (kind) {
    case 'river':
      c.gradient([120, 170, 220], [230, 240, 250]);
      c.circle(260, 40, 18, [255, 214, 102]);
      c.ground((x) => 110 + 12 * Math.sin(x / 40), [88, 140, 80]);
      c.ground((x) => 140 + 6 * Math.sin(x / 23 + 1), [70, 120, 190]);
      break;
    case 'library':
      c.gradient([245, 235, 215], [225, 205, 170]);
      for (let shelf = 0; shelf < 3; shelf++) {
        c.rect(20, 40 + shelf * 45, 280, 6, [110, 70, 40]);
        for (let b = 0; b < 20; b++) {
          const hue: Rgb = [[170, 60, 50], [50, 90, 150], [60, 130, 80], [200, 150, 40]][(b + shelf) % 4] as unknown as Rgb;
          c.rect(26 + b * 14, 12 + shelf * 45, 10, 28, hue);
        }
      }
      break;
    case 'bus':
      c.gradient([30, 30, 70], [90, 70, 120]);
      c.circle(60, 35, 12, [240, 240, 210]);
      c.rect(0, 140, 320, 40, [60, 60, 60]);
      c.rect(70, 80, 180, 60, [230, 180, 40]);
      for (let w = 0; w < 5; w++) c.rect(80 + w * 34, 90, 26, 20, [250, 240, 180]);
      c.circle(110, 142, 12, [20, 20, 20]);
      c.circle(210, 142, 12, [20, 20, 20]);
      break;
    case 'market':
      c.gradient([200, 225, 245], [245, 245, 245]);
      for (let s = 0; s < 8; s++) c.rect(20 + s * 35, 50, 35, 25, s % 2 ? [255, 255, 255] : [200, 50, 60]);
      c.rect(20, 75, 280, 70, [150, 100, 60]);
      for (let f = 0; f < 12; f++) c.circle(40 + f * 22, 95 + (f % 2) * 20, 8, [[230, 120, 30], [120, 180, 40], [200, 40, 40]][f % 3] as unknown as Rgb);
      break;
    case 'bridge':
      c.gradient([250, 200, 150], [180, 200, 230]);
      c.ground((x) => 135 + 4 * Math.sin(x / 15), [60, 100, 160]);
      c.rect(0, 90, 320, 10, [120, 110, 100]);
      for (let p = 0; p < 5; p++) c.rect(20 + p * 70, 100, 12, 60, [110, 100, 90]);
      break;
    case 'garden':
      c.gradient([170, 210, 240], [220, 240, 250]);
      c.ground(() => 120, [100, 160, 70]);
      for (let f = 0; f < 10; f++) {
        c.rect(25 + f * 30, 95, 3, 25, [40, 110, 40]);
        c.circle(26 + f * 30, 92, 7, [[240, 90, 120], [250, 200, 60], [170, 100, 220]][f % 3] as unknown as Rgb);
      }
      break;
  }
  return encodePng(c.w, c.h, c.px);
}
