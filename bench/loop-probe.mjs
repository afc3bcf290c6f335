/**
 * A preload that records, inside any Node process, what stalls its event loop: event-loop delay
 * (perf_hooks.monitorEventLoopDelay, 1 ms resolution), GC pauses (PerformanceObserver 'gc'), CPU and
 * heap, in 250 ms windows. Active only when LOOP_PROBE_DIR is set; writes
 * `<dir>/<pid>.json` ({argv, windows}) at exit (SIGTERM included).
 * Run with: LOOP_PROBE_DIR=/tmp/p NODE_OPTIONS="--import ./bench/loop-probe.mjs" node --import tsx bench/http-latency.bench.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PerformanceObserver, monitorEventLoopDelay, performance } from "node:perf_hooks";

const dir = process.env.LOOP_PROBE_DIR;
if (dir) {
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  let gc = { count: 0, ms: 0, max: 0, kinds: {} };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.ms += e.duration;
      gc.max = Math.max(gc.max, e.duration);
      const kind = e.detail?.kind ?? e.kind;
      gc.kinds[kind] = (gc.kinds[kind] ?? 0) + e.duration;
    }
  }).observe({ entryTypes: ["gc"] });
  const windows = [];
  let cpu = process.cpuUsage();
  const started = performance.now();
  const tick = () => {
    const c = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    windows.push({
      t: Math.round(performance.now() - started),
      eldMax: eld.max / 1e6,
      eldP99: eld.percentile(99) / 1e6,
      eldMean: eld.mean / 1e6,
      gcCount: gc.count,
      gcMs: Math.round(gc.ms * 10) / 10,
      gcMax: Math.round(gc.max * 10) / 10,
      gcKinds: gc.kinds,
      cpuMs: Math.round((c.user + c.system) / 1000),
      heapMB: Math.round(process.memoryUsage().heapUsed / 1e5) / 10,
    });
    eld.reset();
    gc = { count: 0, ms: 0, max: 0, kinds: {} };
  };
  setInterval(tick, 250).unref();
  const write = () => writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify({ argv: process.argv, windows }));
  process.on("exit", write);
  process.prependListener("SIGTERM", () => {
    write();
  });
}
