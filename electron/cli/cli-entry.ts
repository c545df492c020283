// Entry of the `lh5-browser` command, built as out/main/cli.js (the package's bin).
import { main } from "./main.ts";

process.exitCode = await main(process.argv.slice(2));
