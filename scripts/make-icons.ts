/**
 * Draw the app icons (a letter with a stamp: "post") as PNGs into public/icons/.
 * Run: `npx tsx scripts/make-icons.ts`. The PNGs are committed; rerun only to change the design.
 *
 * No image library: shapes are signed-distance functions sampled 4×4 per pixel, and the PNG is
 * written by hand with node:zlib (deflate + crc32). Sizes follow pwa-platform.md B.1/B.2: 192 and
 * 512 `any`, a separate 512 `maskable` whose mark stays inside the central safe-zone circle
 * (radius 40 %) on an opaque full-bleed background, a 180 apple-touch-icon (opaque) and a favicon.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

const NAVY: Rgba = [0x1d, 0x35, 0x57, 255];
const PAPER: Rgba = [0xf7, 0xf5, 0xef, 255];
const GOLD: Rgba = [0xe9, 0xc4, 0x6a, 255];

/** Distance to a rounded rectangle (negative inside). */
function roundedRect(x: number, y: number, cx: number, cy: number, hw: number, hh: number, r: number): number {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Distance to a line segment. */
function segment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - t * dx, py - t * dy);
}

interface Design {
  /** Full-bleed opaque background (maskable, apple) or a rounded tile on transparency (any). */
  readonly fullBleed: boolean;
  /** Scale of the mark around the centre (maskable: keep inside the safe zone). */
  readonly scale: number;
}

/** Colour of the unit-square point (x, y) in [0,1]². */
function shade(x0: number, y0: number, d: Design): Rgba | null {
  const inTile = d.fullBleed || roundedRect(x0, y0, 0.5, 0.5, 0.5, 0.5, 0.2) <= 0;
  if (!inTile) return null;
  // Mark coordinates: scaled around the centre.
  const x = 0.5 + (x0 - 0.5) / d.scale;
  const y = 0.5 + (y0 - 0.5) / d.scale;
  let c: Rgba = NAVY;
  const envelope = roundedRect(x, y, 0.5, 0.53, 0.3, 0.2, 0.035);
  if (envelope <= 0) {
    c = PAPER;
    const flap = Math.min(segment(x, y, 0.2, 0.33, 0.5, 0.57), segment(x, y, 0.5, 0.57, 0.8, 0.33));
    if (flap <= 0.028) c = NAVY;
  }
  // The stamp: a gold disc with a navy ring, over the top-right corner.
  const stamp = Math.hypot(x - 0.76, y - 0.33);
  if (stamp <= 0.085) c = stamp >= 0.065 ? NAVY : GOLD;
  return c;
}

/** Render `size`×`size` RGBA pixels with 4×4 supersampling. */
function render(size: number, d: Design): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = shade((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size, d);
          if (!c) continue;
          r += c[0]; g += c[1]; b += c[2]; a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
        out[i + 3] = Math.round((255 * a) / (n * n));
      }
    }
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Encode RGBA pixels as a PNG (8-bit RGBA, no filtering, no interlace). */
export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

const ANY: Design = { fullBleed: false, scale: 1 };
/** Maskable: the mark (about 0.64 wide) scaled to fit the safe-zone circle of diameter 0.8. */
const MASKABLE: Design = { fullBleed: true, scale: 0.78 };
const OPAQUE: Design = { fullBleed: true, scale: 0.9 };

const outDir = new URL('../public/icons/', import.meta.url);
mkdirSync(outDir, { recursive: true });
const files: [string, number, Design][] = [
  ['icon-192.png', 192, ANY],
  ['icon-512.png', 512, ANY],
  ['icon-maskable-512.png', 512, MASKABLE],
  ['apple-touch-icon.png', 180, OPAQUE],
  ['favicon-48.png', 48, ANY],
];
for (const [name, size, design] of files) {
  writeFileSync(new URL(name, outDir), encodePng(size, render(size, design)));
  console.log(`public/icons/${name} ${size}×${size}`);
}
