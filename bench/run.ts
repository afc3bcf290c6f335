/**
 * `npm run bench`: runs every benchmark, one process each (so none disturbs another), and prints their
 * markdown. Copy the output into BENCHMARKS.md together with this command and the machine it ran on.
 * `npm run bench -- synth` runs only the benchmarks whose file name contains "synth".
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = import.meta.dirname;
const filter = process.argv[2];
const files = readdirSync(dir)
  .filter((name) => name.endsWith(".bench.ts") && (filter === undefined || name.includes(filter)))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n<!-- ${file} -->\n`);
  const result = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", join(dir, file)], { stdio: "inherit" });
  if (result.status !== 0) {
    failed++;
    process.stdout.write(`\n**${file} failed (exit ${result.status})**\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
