// The fuzz test's reader: for each request line {file}, runs `lh5-browser ls FILE --json` and `dump FILE PATH
// --json` of every dataset (and of every group with a datatype, whose values are not compared) through the
// CLI's main(), and answers one JSON line. Whatever reaches stderr meanwhile (an Emscripten print) is caught
// and reported: the CLI's error line is its only allowed output there.
import { createInterface } from "node:readline";
import { main } from "../../../../../electron/cli/main.ts";

interface Run {
  code: number;
  out: string;
  err: string;
}

let stray = "";
process.stderr.write = (chunk: string | Uint8Array) => {
  stray += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  return true;
};

async function cli(...argv: string[]): Promise<Run> {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

async function readAll(file: string): Promise<unknown> {
  stray = "";
  const ls = await cli("ls", file, "--json");
  const dumps: Record<string, Run> = {};
  if (ls.code === 0) {
    const entries = JSON.parse(ls.out) as Array<{
      path: string;
      shape: number[] | null;
      datatype: string | null;
    }>;
    for (const entry of entries) {
      if (entry.shape === null && entry.datatype === null) continue; // plain groups, broken links
      dumps[entry.path] = await cli("dump", file, entry.path, "--json");
    }
  }
  return { ls, dumps, stray };
}

for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line) as { file: string };
  process.stdout.write(JSON.stringify(await readAll(request.file)) + "\n");
}
