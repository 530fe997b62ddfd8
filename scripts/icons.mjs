// `npm run icons`: renders every icon the app and its installers use from the SVG sources in
// build/svg/, and writes them where electron-builder and the tray look for them. The outputs are
// committed (a release build must not depend on a renderer being installed); a test renders them
// again and compares, so an SVG edited without `npm run icons` fails CI.
//
//   build/icon.png            1024 px, the source electron-builder falls back to
//   build/icon.icns           macOS (PNG entries, 16–1024 px with their @2x)
//   build/icon.ico            Windows (BMP up to 48 px, PNG at 256 px, as Windows expects)
//   build/icons/NxN.png       Linux (hicolor sizes for the .deb and the AppImage)
//   build/tray/STATE.png      tray, Windows and Linux, 16 px, and STATE@2x.png, 32 px
//   build/tray/STATETemplate.png, STATETemplate@2x.png   macOS menu bar template images
//
// Usage: node scripts/icons.mjs [OUT_DIR]   (OUT_DIR defaults to build/; the test passes a temp dir)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const root = fileURLToPath(new URL('..', import.meta.url));
const svgDir = join(root, 'build', 'svg');
const out = process.argv[2] ?? join(root, 'build');

/** The tray states, as main/desktop/tray-look.ts names them. */
const TRAY_STATES = ['active', 'paused', 'pending', 'upstream-down'];
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 24, 32, 48, 256];

function render(svgFile, size) {
  const svg = readFileSync(join(svgDir, svgFile));
  // No text in the sources: skipping the system font scan keeps the output the same on every machine.
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render();
}

function write(path, data) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
}

/** Apple's icon container: a header, then one (type, length, PNG) entry per size. */
function icns(entries) {
  const chunks = entries.map(([type, png]) => {
    const header = Buffer.alloc(8);
    header.write(type, 0, 'ascii');
    header.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([header, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'ascii');
  header.writeUInt32BE(8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4);
  return Buffer.concat([header, ...chunks]);
}

/**
 * A 32-bit BMP as an ICO entry stores it: BITMAPINFOHEADER with the height doubled (image + mask),
 * rows bottom-up in BGRA with straight alpha, then an all-zero AND mask (the alpha decides).
 */
function icoBitmap(image) {
  const { width, height } = image;
  const rgba = image.pixels; // resvg's pixels are premultiplied
  const info = Buffer.alloc(40);
  info.writeUInt32LE(40, 0);
  info.writeInt32LE(width, 4);
  info.writeInt32LE(height * 2, 8);
  info.writeUInt16LE(1, 12);
  info.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const from = (y * width + x) * 4;
      const to = ((height - 1 - y) * width + x) * 4;
      const alpha = rgba[from + 3];
      const straight = (value) => (alpha === 0 ? 0 : Math.min(255, Math.round((value * 255) / alpha)));
      pixels[to] = straight(rgba[from + 2]);
      pixels[to + 1] = straight(rgba[from + 1]);
      pixels[to + 2] = straight(rgba[from]);
      pixels[to + 3] = alpha;
    }
  }
  const maskRow = Math.ceil(width / 32) * 4;
  return Buffer.concat([info, pixels, Buffer.alloc(maskRow * height)]);
}

/** Windows' icon container: a directory of entries, then their images (BMP small, PNG at 256). */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const bodies = images.map((image) => (image.width >= 256 ? image.asPng() : icoBitmap(image)));
  let offset = 6 + 16 * images.length;
  const directory = images.map((image, index) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(image.width >= 256 ? 0 : image.width, 0);
    entry.writeUInt8(image.height >= 256 ? 0 : image.height, 1);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(bodies[index].length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += bodies[index].length;
    return entry;
  });
  return Buffer.concat([header, ...directory, ...bodies]);
}

const app = (size) => render('app.svg', size).asPng();
write(join(out, 'icon.png'), app(1024));
write(
  join(out, 'icon.icns'),
  icns([
    ['icp4', app(16)],
    ['icp5', app(32)],
    ['ic11', app(32)],
    ['icp6', app(64)],
    ['ic12', app(64)],
    ['ic07', app(128)],
    ['ic08', app(256)],
    ['ic13', app(256)],
    ['ic09', app(512)],
    ['ic14', app(512)],
    ['ic10', app(1024)],
  ]),
);
write(join(out, 'icon.ico'), ico(ICO_SIZES.map((size) => render('app.svg', size))));
for (const size of LINUX_SIZES) write(join(out, 'icons', `${size}x${size}.png`), app(size));

for (const state of TRAY_STATES) {
  for (const [suffix, source] of [['', `tray-${state}.svg`], ['Template', `tray-${state}-template.svg`]]) {
    write(join(out, 'tray', `${state}${suffix}.png`), render(source, 16).asPng());
    write(join(out, 'tray', `${state}${suffix}@2x.png`), render(source, 32).asPng());
  }
}
console.log(`icons written to ${out}`);
