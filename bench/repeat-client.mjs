/**
 * The load client of bench/repeated-puts.bench.ts, in its own thread (a platform is another process,
 * not the broker's event loop): re-sends one PUT at `rate` per second, in 10 ms ticks, at most 256 in
 * flight, until told to stop; then reports how many were sent and how many were answered wrongly.
 */
import { parentPort, workerData } from "node:worker_threads";

const { url, headers, body, operation, rate } = workerData;
let repeats = 0;
let wrong = 0;
let inFlight = 0;
const send = async () => {
  inFlight++;
  try {
    const response = await fetch(url, { method: "PUT", headers, body });
    const answer = await response.json();
    // While it runs: 202 with the same operation; once done, 200.
    if (!(response.status === 202 && answer.operation === operation) && response.status !== 200) wrong++;
    repeats++;
  } catch {
    wrong++;
  } finally {
    inFlight--;
  }
};
const timer = setInterval(() => {
  for (let i = 0; i < rate / 100 && inFlight < 256; i++) void send();
}, 10);
parentPort?.on("message", async () => {
  clearInterval(timer);
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  parentPort?.postMessage({ repeats, wrong });
});
