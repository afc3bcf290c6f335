/**
 * The load generator of bench/http-latency.bench.ts, as its own process (a platform is another
 * process; the bench's own heap and output handling stay out of the timings): sends GETs open loop
 * (each on schedule, whether or not earlier ones answered) over node:http with keep-alive (undici's
 * fetch costs the client several times more CPU and heap, so its GC pauses showed as server latency),
 * to two servers in alternating slices (A B B A A B ...), so a change in the machine's load falls on
 * both alike. Each slice waits for its answers before the next starts.
 * argv: JSON {targets: [urlA, urlB], rate, seconds, slices, headers}. Prints JSON
 * {results: [{latencies, errors}, ...] per target, clientEldP99Ms, clientEldMaxMs}.
 */
import { Agent, get } from "node:http";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";

const { targets, rate, seconds, slices, headers } = JSON.parse(process.argv[2]);
// maxFreeSockets = maxSockets: after a burst the extra sockets stay open (the default, 256, closed them, and the
// next burst paid new connections: 10x the accepts on the slower server).
const agent = new Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512 });
const eld = monitorEventLoopDelay({ resolution: 1 });

function one(url) {
  return new Promise((resolve) => {
    const sent = performance.now();
    const request = get(url, { agent, headers }, (response) => {
      response.resume();
      response.on("end", () => resolve({ ms: performance.now() - sent, ok: response.statusCode === 200 }));
      response.on("error", () => resolve({ ms: performance.now() - sent, ok: false }));
    });
    request.on("error", () => resolve({ ms: performance.now() - sent, ok: false }));
  });
}

async function slice(url, count, into) {
  const pending = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      one(url).then((r) => {
        into.latencies.push(r.ms);
        if (!r.ok) into.errors++;
      }),
    );
  }
  await Promise.all(pending);
}

const results = targets.map(() => ({ latencies: [], errors: 0 }));
// Warm-up: sockets open, both servers' code paths hot.
for (let t = 0; t < targets.length; t++) await slice(targets[t], Math.min(500, rate / 2), { latencies: [], errors: 0 });
eld.enable();
const perSlice = Math.round((rate * seconds) / slices);
for (let s = 0; s < slices; s++) {
  // ABBA order: neither target is always first after a pause.
  const order = s % 2 === 0 ? [0, 1] : [1, 0];
  for (const t of order) await slice(targets[t], perSlice, results[t]);
}
eld.disable();
process.stdout.write(
  JSON.stringify({ results, clientEldP99Ms: eld.percentile(99) / 1e6, clientEldMaxMs: eld.max / 1e6 }),
);
agent.destroy();
