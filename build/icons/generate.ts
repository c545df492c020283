// Renders build/icons/icon.svg into the icons electron-builder packages: png/NxN.png (Linux, and the
// About panel), icon.ico (Windows) and icon.icns (macOS). Needs ImageMagick's `convert`; run it after
// changing the SVG (`npx tsx build/icons/generate.ts`) and commit the results.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

/** Linux icon theme sizes (electron-builder reads a folder of NxN.png). */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
/** Windows picks from these inside the .ico (256 is the largest an .ico holds). */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** ICNS entries holding PNG data, by pixel size (Apple's type codes; 1024 is 512 at 2x). */
export const ICNS_TYPES: readonly (readonly [type: string, size: number])[] = [
  ["icp4", 16],
  ["icp5", 32],
  ["icp6", 64],
  ["ic07", 128],
  ["ic08", 256],
  ["ic09", 512],
  ["ic10", 1024],
];

/** Renders the SVG at `size` × `size` with transparency (drawn large, then scaled down for clean edges). */
function renderPng(svg: string, size: number, outPath: string): void {
  execFileSync("convert", [
    "-background",
    "none",
    "-density",
    "288",
    svg,
    "-resize",
    `${size}x${size}`,
    `png32:${outPath}`,
  ]);
}

/** An ICNS file: the magic and total length, then (type, length, PNG bytes) per entry, all big-endian. */
export function icnsFile(entries: readonly { type: string; png: Uint8Array }[]): Buffer {
  const blocks = entries.map(({ type, png }) => {
    const header = Buffer.alloc(8);
    header.write(type, 0, "latin1");
    header.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([header, png]);
  });
  const header = Buffer.alloc(8);
  header.write("icns", 0, "latin1");
  header.writeUInt32BE(8 + blocks.reduce((sum, block) => sum + block.length, 0), 4);
  return Buffer.concat([header, ...blocks]);
}

function main(): void {
  const svg = join(here, "icon.svg");
  const pngDir = join(here, "png");
  mkdirSync(pngDir, { recursive: true });
  for (const size of PNG_SIZES) renderPng(svg, size, join(pngDir, `${size}x${size}.png`));
  const pngPath = (size: number) => join(pngDir, `${size}x${size}.png`);
  execFileSync("convert", [...ICO_SIZES.map(pngPath), join(here, "icon.ico")]);
  const scratch = mkdtempSync(join(tmpdir(), "lh5-icons-"));
  try {
    // the Linux PNGs where they exist; sizes only macOS uses (1024) are rendered into a scratch folder
    const pngFor = (size: number): string => {
      if ((PNG_SIZES as readonly number[]).includes(size)) return pngPath(size);
      const path = join(scratch, `${size}.png`);
      renderPng(svg, size, path);
      return path;
    };
    const entries = ICNS_TYPES.map(([type, size]) => ({ type, png: readFileSync(pngFor(size)) }));
    writeFileSync(join(here, "icon.icns"), icnsFile(entries));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
