// The icons the installers and the tray use are rendered from build/svg/ by `npm run icons` and
// committed. Rendered again here: an SVG edited without re-running the script, or a tray state the
// desktop code names without an icon, fails.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAY_STATES, trayIconFile } from '../../../main/desktop/tray-look.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUILD = join(ROOT, 'build');
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 4)).toEqual(PNG_MAGIC);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('icons (npm run icons)', () => {
  let fresh: string;
  beforeAll(async () => {
    fresh = mkdtempSync(join(tmpdir(), 'kg-icons-'));
    await promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'icons.mjs'), fresh]);
  });
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it('the committed icons are exactly what the SVG sources render to', () => {
    const rendered = filesUnder(fresh);
    expect(rendered.length).toBeGreaterThan(20);
    for (const file of rendered) {
      expect(readFileSync(join(BUILD, file)).equals(readFileSync(join(fresh, file))), `${file} differs from build/svg: run npm run icons`).toBe(true);
    }
  });

  it('every tray state has its icon and its @2x, coloured for Windows and Linux and a template for macOS, at 16 and 32 px', () => {
    for (const state of TRAY_STATES) {
      for (const platform of ['darwin', 'win32', 'linux'] as const) {
        const file = trayIconFile(join(BUILD, 'tray'), state, platform);
        expect(pngSize(readFileSync(file))).toEqual({ width: 16, height: 16 });
        expect(pngSize(readFileSync(file.replace(/\.png$/, '@2x.png')))).toEqual({ width: 32, height: 32 });
      }
    }
  });

  it('macOS template images are black and alpha only; the coloured ones are not', async () => {
    const colours = (svg: string) => {
      const pixels = new Resvg(readFileSync(join(BUILD, 'svg', svg)), { fitTo: { mode: 'width', value: 32 } }).render().pixels;
      const seen = new Set<string>();
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3]! > 0) seen.add(`${pixels[i]},${pixels[i + 1]},${pixels[i + 2]}`);
      return seen;
    };
    for (const state of TRAY_STATES) {
      expect([...colours(`tray-${state}-template.svg`)], state).toEqual(['0,0,0']);
      expect(colours(`tray-${state}.svg`).size, state).toBeGreaterThan(1);
    }
  });

  it('the app icon: a 1024 px PNG, an .icns with the sizes macOS asks for, an .ico with 16–256 px', () => {
    expect(pngSize(readFileSync(join(BUILD, 'icon.png')))).toEqual({ width: 1024, height: 1024 });

    const icns = readFileSync(join(BUILD, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: Record<string, number> = {};
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      types[icns.toString('ascii', at, at + 4)] = pngSize(icns.subarray(at + 8, at + icns.readUInt32BE(at + 4))).width;
    }
    expect(types).toEqual({ icp4: 16, icp5: 32, ic11: 32, icp6: 64, ic12: 64, ic07: 128, ic08: 256, ic13: 256, ic09: 512, ic14: 512, ic10: 1024 });

    const ico = readFileSync(join(BUILD, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const entries = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
      const at = 6 + i * 16;
      const size = ico.readUInt8(at) || 256;
      const body = ico.subarray(ico.readUInt32LE(at + 12), ico.readUInt32LE(at + 12) + ico.readUInt32LE(at + 8));
      return { size, body };
    });
    expect(entries.map((e) => e.size)).toEqual([16, 24, 32, 48, 256]);
    for (const { size, body } of entries) {
      if (size === 256) {
        expect(pngSize(body)).toEqual({ width: 256, height: 256 });
      } else {
        // BITMAPINFOHEADER: 40 bytes, the height doubled for the mask, 32 bits per pixel; then pixels and mask.
        expect([body.readUInt32LE(0), body.readInt32LE(4), body.readInt32LE(8), body.readUInt16LE(14)]).toEqual([40, size, size * 2, 32]);
        expect(body.length).toBe(40 + size * size * 4 + Math.ceil(size / 32) * 4 * size);
        // Rows bottom-up, BGRA, straight alpha: pixel for pixel what the SVG renders to (resvg's are premultiplied, top-down RGBA).
        const rendered = new Resvg(readFileSync(join(BUILD, 'svg', 'app.svg')), { fitTo: { mode: 'width', value: size } }).render().pixels;
        const pixel = (x: number, y: number) => [...body.subarray(40 + ((size - 1 - y) * size + x) * 4, 40 + ((size - 1 - y) * size + x) * 4 + 4)];
        const opaque = [];
        for (let y = 0; y < size; y += 1) {
          for (let x = 0; x < size; x += 1) {
            const [r, g, b, a] = [...rendered.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)] as [number, number, number, number];
            if (a === 255) opaque.push(x);
            const straight = (v: number) => (a === 0 ? 0 : Math.min(255, Math.round((v * 255) / a)));
            expect(pixel(x, y), `${size} px at ${x},${y}`).toEqual([straight(b), straight(g), straight(r), a]);
          }
        }
        expect(opaque.length).toBeGreaterThan(size * size * 0.4);
      }
    }
  });

  it('Linux gets the hicolor sizes', () => {
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      const file = join(BUILD, 'icons', `${size}x${size}.png`);
      expect(existsSync(file), file).toBe(true);
      expect(pngSize(readFileSync(file))).toEqual({ width: size, height: size });
    }
  });
});
