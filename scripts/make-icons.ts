import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';
import { encodePng } from '../support/png.js';

/**
 * Draws the Teams icons: `color.png` (192×192, the accent colour with two white linked rings, for
 * the admin and their partner) and `outline.png` (32×32, the same rings in white on transparent).
 * Run with `npm run icons`; the PNGs are committed.
 */
const ACCENT = [0x0f, 0x6c, 0xbd];

type Coverage = (x: number, y: number) => number;

function rings(size: number, stroke: number): Coverage {
  const r = size * 0.2;
  const cy = size / 2;
  const centres = [size / 2 - r * 0.62, size / 2 + r * 0.62];
  return (x, y) =>
    Math.max(
      ...centres.map((cx) => {
        const d = Math.abs(Math.hypot(x - cx, y - cy) - r);
        return Math.min(1, Math.max(0, stroke / 2 - d + 0.5));
      }),
    );
}

function draw(size: number, background: ((x: number, y: number) => number) | undefined, stroke: number): Buffer {
  const pixels = new Uint8Array(size * size * 4);
  const glyph = rings(size, stroke);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Four samples per pixel for smooth edges.
      let ink = 0;
      let fill = 0;
      for (const [dx, dy] of [[0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]] as const) {
        ink += glyph(x + dx, y + dy) / 4;
        fill += (background?.(x + dx, y + dy) ?? 0) / 4;
      }
      const i = (y * size + x) * 4;
      if (background) {
        for (let c = 0; c < 3; c++) pixels[i + c] = Math.round(ACCENT[c]! * (1 - ink) + 255 * ink);
        pixels[i + 3] = Math.round(255 * fill);
      } else {
        pixels.set([255, 255, 255, Math.round(255 * ink)], i);
      }
    }
  }
  return encodePng(size, size, pixels);
}

const roundedSquare = (size: number, radius: number) => (x: number, y: number) => {
  const qx = Math.max(Math.abs(x - size / 2) - (size / 2 - radius), 0);
  const qy = Math.max(Math.abs(y - size / 2) - (size / 2 - radius), 0);
  return Math.hypot(qx, qy) <= radius ? 1 : 0;
};

const dir = path.join(PROJECT_ROOT, 'manifest');
writeFileSync(path.join(dir, 'color.png'), draw(192, roundedSquare(192, 36), 14));
writeFileSync(path.join(dir, 'outline.png'), draw(32, undefined, 2.6));
console.log(`icons written to ${dir}`);
