/**
 * What starting terraform costs the broker's event loop: 20 `terraform version` at once (a storm's
 * starts), from a process whose heap is the size of a busy broker's (BENCH_HEAP_MB, default 150),
 * forked by this process (execa) vs started by the spawn helper; interleaved rounds. Reports this
 * process's event-loop delay (monitorEventLoopDelay, 1 ms resolution: p99 and max) and its CPU time
 * (process.cpuUsage) per round — both independent of how busy the other cores are, unlike latency.
 * Run with: node --import tsx bench/spawn-helper.bench.ts [rounds]
 */
import { loadavg, tmpdir } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { execCommand } from "../src/terraform/exec.js";
import { median, ms, table } from "./stats.js";

const rounds = Number(process.argv[2] ?? 7);
const AT_ONCE = 20;
const heapMb = Number(process.env.BENCH_HEAP_MB ?? 150);
// A broker-sized heap of small objects (what a fork's page tables copy).
const ballast: { i: number; s: string }[][] = [];
for (let mb = 0; mb < heapMb; mb++) ballast.push(Array.from({ length: 10_000 }, (_, i) => ({ i, s: `x${i}` })));

async function round(spawnHelper: boolean): Promise<{ p99: number; max: number; cpuMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const cpu = process.cpuUsage();
  histogram.enable();
  await Promise.all(
    Array.from({ length: AT_ONCE }, () =>
      execCommand({
        bin: "terraform",
        args: ["version", "-json"],
        cwd: tmpdir(),
        env: { PATH: process.env.PATH, CHECKPOINT_DISABLE: "1" },
        killGraceMs: 1000,
        niceness: 10,
        spawnHelper,
      }),
    ),
  );
  histogram.disable();
  const used = process.cpuUsage(cpu);
  return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, cpuMs: (used.user + used.system) / 1000 };
}

const load = loadavg()
  .map((v) => v.toFixed(1))
  .join(" / ");
await round(true); // starts the helper
await round(false);
const results = { fork: [] as Awaited<ReturnType<typeof round>>[], helper: [] as Awaited<ReturnType<typeof round>>[] };
for (let r = 0; r < rounds; r++) {
  results.fork.push(await round(false));
  results.helper.push(await round(true));
}
const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
console.log(
  `## Starting terraform: ${AT_ONCE} \`terraform version\` at once from a ${rss} MB process (medians of ${rounds} interleaved rounds; load average at start ${load})\n`,
);
console.log(
  table(
    ["started by", "event-loop delay p99", "event-loop delay max", "CPU of this process"],
    (["fork", "helper"] as const).map((k) => [
      k === "fork" ? "this process (execa, TERRAFORM_SPAWN_HELPER=false)" : "the spawn helper (default)",
      ms(median(results[k].map((x) => x.p99))),
      ms(median(results[k].map((x) => x.max))),
      ms(median(results[k].map((x) => x.cpuMs)), 0),
    ]),
  ),
);
console.log(`\n(ballast kept: ${ballast.length} MB of objects)`);
process.exit(0);
