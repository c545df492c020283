// The packaging config: it packages the built output and never the TypeScript sources or tsx, the
// icons it names exist at their sizes, the deb has a maintainer and home page, and .lh5 files open in
// the app. electron-builder itself cannot run here (it downloads Electron from GitHub).
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import packageJson from "../../package.json" with { type: "json" };
import { ICNS_TYPES, icnsFile, PNG_SIZES } from "../../build/icons/generate.ts";
import { REPO_ROOT } from "../fixtures/testdata.ts";

interface BuilderConfig {
  appId?: string;
  productName?: string;
  files?: string[];
  fileAssociations?: { ext: string; mimeType?: string; role?: string }[];
  linux?: { target?: string[]; category?: string; icon?: string; maintainer?: string };
  mac?: { target?: string[]; icon?: string };
  win?: { target?: string[]; icon?: string };
}

const config = parse(readFileSync(join(REPO_ROOT, "build/electron-builder.yml"), "utf8")) as BuilderConfig;

/** A glob as electron-builder's `files` patterns use it (`**`, `*`, `{a,b}`) as an anchored RegExp. */
function globRegExp(glob: string): RegExp {
  const escape = (text: string) => text.replace(/[.+^$()|[\]\\?]/g, "\\$&");
  let source = "";
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i]!;
    if (glob.startsWith("**/", i)) {
      source += "(?:.*/)?";
      i += 2;
    } else if (glob.startsWith("**", i)) {
      source += ".*";
      i += 1;
    } else if (char === "*") source += "[^/]*";
    else if (char === "{") {
      const end = glob.indexOf("}", i);
      const options = glob.slice(i + 1, end).split(",");
      source += `(?:${options.map((option) => option.split("**").map(escape).join(".*")).join("|")})`;
      i = end;
    } else source += escape(char);
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether electron-builder packages `path`: the last pattern matching it decides (`!` excludes). Production
 * node_modules are added by electron-builder itself, so only exclusions apply to them.
 */
function isPackaged(path: string, patterns: readonly string[]): boolean {
  let included = path.startsWith("node_modules/");
  for (const pattern of patterns) {
    const negated = pattern.startsWith("!");
    if (globRegExp(negated ? pattern.slice(1) : pattern).test(path)) included = !negated;
  }
  return included;
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Uint8Array): [number, number] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(Array.from(png.subarray(1, 4), (byte) => String.fromCharCode(byte)).join("")).toBe("PNG");
  return [view.getUint32(16), view.getUint32(20)];
}

describe("electron-builder.yml", () => {
  const files = config.files ?? [];

  it("glob patterns are read as electron-builder reads them", () => {
    expect(globRegExp("out/**").test("out/main/index.js")).toBe(true);
    expect(globRegExp("**/*.{ts,tsx}").test("electron/main/index.ts")).toBe(true);
    expect(globRegExp("**/*.{ts,tsx}").test("index.ts")).toBe(true);
    expect(globRegExp("**/*.{ts,tsx}").test("out/main/index.js")).toBe(false);
    expect(globRegExp("**/node_modules/tsx{,/**}").test("node_modules/tsx/dist/cli.mjs")).toBe(true);
    expect(globRegExp("**/node_modules/tsx{,/**}").test("node_modules/tsx-other/x.js")).toBe(false);
  });

  it("packages the built output and package.json, never TypeScript sources, source maps or tsx", () => {
    expect(files).toContain("out/**");
    for (const path of [
      "package.json",
      "out/main/index.js",
      "out/main/walk-task.js",
      "out/preload/index.cjs",
      "out/renderer/index.html",
      "out/renderer/assets/index-abc123.js",
      "node_modules/h5wasm/dist/node/hdf5_hl.js",
      "node_modules/yaml/dist/index.js",
    ])
      expect(isPackaged(path, files), path).toBe(true);
    for (const path of [
      "electron/main/index.ts",
      "electron/workers/worker-main.ts",
      "electron/workers/bootstrap.mjs",
      "electron/cli/lh5-browser.mjs",
      "shared/api/contract.ts",
      "renderer/app/App.tsx",
      "test/electron/main/main.test.ts",
      "out/main/index.js.map",
      "out/main/types.d.ts",
      "node_modules/tsx/dist/cli.mjs",
      "node_modules/esbuild/lib/main.js",
      "node_modules/@esbuild/linux-x64/bin/esbuild",
      "node_modules/yaml/dist/index.d.ts",
    ])
      expect(isPackaged(path, files), path).toBe(false);
  });

  it("builds AppImage and deb (category Science), dmg and nsis", () => {
    expect(config.appId).toBe("org.legend-exp.lh5-browser");
    expect(config.productName).toBe("LH5 Browser");
    expect(config.linux?.target).toEqual(["AppImage", "deb"]);
    expect(config.linux?.category).toBe("Science");
    expect(config.mac?.target).toEqual(["dmg"]);
    expect(config.win?.target).toEqual(["nsis"]);
  });

  it("gives the deb a maintainer with an e-mail address, a home page and a description", () => {
    // electron-builder takes the maintainer from package.json's author unless linux.maintainer is set
    const maintainer = config.linux?.maintainer ?? `${packageJson.author.name} <${packageJson.author.email}>`;
    expect(maintainer).toMatch(/^[^<>]+ <[^<>@\s]+@[^<>@\s]+\.[a-z]+>$/);
    expect(packageJson.homepage).toMatch(/^https:\/\//);
    expect(packageJson.description.length).toBeGreaterThan(0);
  });

  it("opens .lh5 files as HDF5", () => {
    expect(config.fileAssociations).toContainEqual(
      expect.objectContaining({ ext: "lh5", mimeType: "application/x-hdf5", role: "Viewer" }),
    );
  });
});

describe("icons", () => {
  const fromRoot = (path: string) => join(REPO_ROOT, path);

  it("has a PNG of every Linux size, each as large as its name says", () => {
    const dir = fromRoot(config.linux!.icon!);
    for (const size of PNG_SIZES) {
      const png = readFileSync(join(dir, `${size}x${size}.png`));
      expect(pngSize(png), `${size}x${size}.png`).toEqual([size, size]);
    }
  });

  it("has a Windows .ico with a 256 px image", () => {
    const ico = readFileSync(fromRoot(config.win!.icon!));
    const view = new DataView(ico.buffer, ico.byteOffset, ico.byteLength);
    expect([view.getUint16(0, true), view.getUint16(2, true)]).toEqual([0, 1]);
    const count = view.getUint16(4, true);
    // an entry's width byte 0 means 256
    const widths = Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256);
    expect(widths).toContain(256);
    expect(widths).toContain(16);
  });

  it("has a macOS .icns whose entries are PNGs of their type's size, up to 1024 px", () => {
    const icns = readFileSync(fromRoot(config.mac!.icon!));
    expect(icns.toString("latin1", 0, 4)).toBe("icns");
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: [string, number][] = [];
    for (let offset = 8; offset < icns.length;) {
      const type = icns.toString("latin1", offset, offset + 4);
      const length = icns.readUInt32BE(offset + 4);
      const [width, height] = pngSize(icns.subarray(offset + 8, offset + length));
      expect(width, type).toBe(height);
      found.push([type, width]);
      offset += length;
    }
    expect(found).toEqual(ICNS_TYPES.map(([type, size]) => [type, size]));
  });

  it("writes ICNS headers with big-endian lengths that include themselves", () => {
    const png = Uint8Array.from([1, 2, 3]);
    const file = icnsFile([{ type: "ic07", png }]);
    expect(file.toString("latin1", 0, 4)).toBe("icns");
    expect(file.readUInt32BE(4)).toBe(8 + 8 + 3);
    expect(file.toString("latin1", 8, 12)).toBe("ic07");
    expect(file.readUInt32BE(12)).toBe(8 + 3);
    expect(Array.from(file.subarray(16))).toEqual([1, 2, 3]);
  });

  it("keeps the SVG the icons are rendered from", () => {
    expect(existsSync(fromRoot("build/icons/icon.svg"))).toBe(true);
  });
});
