/**
 * Draws the app icon and the tray queue icons into resources/ (run: `npx tsx scripts/make-icons.ts`).
 * Plain shapes as signed distances, 4×4 supersampled, written as RGBA PNGs with node:zlib, so the
 * images can be regenerated anywhere without an image tool.
 *
 * Tray: a filled disc for a known level, a ring for unknown. Colour only when elevated (amber) or high
 * (red); normal and unknown are neutral grey, and black `*Template.png` images on macOS.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type RGBA = [number, number, number, number];
/** Whether pixel-space point (x, y) lies inside a shape. */
type Shape = (x: number, y: number) => boolean;

function encodePng(width: number, height: number, pixels: Uint8Array): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(pixels.buffer, pixels.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Paints layers in order (later on top), each a shape and a colour, with 4×4 supersampling. */
function render(size: number, layers: [Shape, RGBA][]): Buffer {
  const px = new Uint8Array(size * size * 4);
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const fx = x + (sx + 0.5) / n;
          const fy = y + (sy + 0.5) / n;
          // Premultiplied "over" compositing per sample.
          let sr = 0, sg = 0, sb = 0, sa = 0;
          for (const [shape, [cr, cg, cb, ca]] of layers) {
            if (!shape(fx, fy)) continue;
            const al = ca / 255;
            sr = cr * al + sr * (1 - al);
            sg = cg * al + sg * (1 - al);
            sb = cb * al + sb * (1 - al);
            sa = al + sa * (1 - al);
          }
          r += sr; g += sg; b += sb; a += sa;
        }
      }
      const k = n * n;
      const alpha = a / k;
      const i = (y * size + x) * 4;
      px[i] = alpha > 0 ? Math.round(r / k / alpha) : 0;
      px[i + 1] = alpha > 0 ? Math.round(g / k / alpha) : 0;
      px[i + 2] = alpha > 0 ? Math.round(b / k / alpha) : 0;
      px[i + 3] = Math.round(alpha * 255);
    }
  }
  return encodePng(size, size, px);
}

const disc = (cx: number, cy: number, r: number): Shape => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx: number, cy: number, r: number, w: number): Shape => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= r && d >= r - w;
};
const roundRect = (x0: number, y0: number, x1: number, y1: number, rad: number): Shape => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const dx = Math.max(x0 + rad - x, 0, x - (x1 - rad));
  const dy = Math.max(y0 + rad - y, 0, y - (y1 - rad));
  return dx * dx + dy * dy <= rad * rad;
};

function appIcon(size: number): Buffer {
  const s = size / 512;
  const bar = (left: number, top: number, color: RGBA): [Shape, RGBA] => [roundRect(left * s, top * s, (left + 72) * s, 400 * s, 16 * s), color];
  return render(size, [
    [roundRect(32 * s, 32 * s, 480 * s, 480 * s, 104 * s), [30, 41, 68, 255]],
    bar(112, 272, [56, 189, 248, 255]),
    bar(220, 200, [45, 212, 191, 255]),
    bar(328, 120, [167, 139, 250, 255]),
  ]);
}

const TRAY: Record<'normal' | 'elevated' | 'high' | 'unknown', RGBA> = {
  normal: [148, 155, 166, 255],
  elevated: [245, 158, 11, 255],
  high: [239, 68, 68, 255],
  unknown: [148, 155, 166, 255],
};
const BLACK: RGBA = [0, 0, 0, 255];

function trayIcon(level: keyof typeof TRAY, size: number, color: RGBA): Buffer {
  const c = size / 2;
  const shape = level === 'unknown' ? ring(c, c, size * 0.4, size * 0.14) : disc(c, c, size * 0.4);
  return render(size, [[shape, color]]);
}

function main() {
  const root = resolve(__dirname, '..', 'resources');
  const trayDir = join(root, 'tray');
  mkdirSync(trayDir, { recursive: true });
  writeFileSync(join(root, 'icon.png'), appIcon(512));
  for (const level of Object.keys(TRAY) as (keyof typeof TRAY)[]) {
    writeFileSync(join(trayDir, `${level}.png`), trayIcon(level, 16, TRAY[level]));
    writeFileSync(join(trayDir, `${level}@2x.png`), trayIcon(level, 32, TRAY[level]));
  }
  for (const level of ['normal', 'unknown'] as const) {
    writeFileSync(join(trayDir, `${level}Template.png`), trayIcon(level, 16, BLACK));
    writeFileSync(join(trayDir, `${level}Template@2x.png`), trayIcon(level, 32, BLACK));
  }
  process.stdout.write(`icons written to ${root}\n`);
}

main();
