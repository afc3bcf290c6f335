/**
 * Repeated PUTs while an operation runs (issue 14, item 3): Korifi re-sends the provision PUT on every
 * reconcile. The same terraform-test provision (sleep_seconds: 1) through a real broker, once alone
 * and once while a client (its own thread: bench/repeat-client.mjs) re-sends the identical PUT at a
 * target of 1,000 requests per second until it has finished; interleaved rounds. The operation's duration is the worker's own (the operation
 * record's createdAt to updatedAt), so the measuring adds no load. Every repeat MUST answer 202 with
 * the same operation. Target: the median with repeats within 1.10 of the median without.
 * Run with: node --import tsx bench/repeated-puts.bench.ts [rounds] [rate]
 */
import { Worker } from "node:worker_threads";
import { basicAuthHeader } from "../test/helpers/osb-test-client.js";
import { CREDENTIALS, startTestBroker, instancePath, provisionBody } from "../test/helpers/broker-fixture.js";
import { median, ms, table } from "./stats.js";

const rounds = Number(process.argv[2] ?? 5);
const rate = Number(process.argv[3] ?? 1000);
const t = await startTestBroker({ env: { CONCURRENCY: "1" } });
const body = provisionBody({ sleep_seconds: 1, message: "bench" });

interface Round {
  readonly durationMs: number;
  readonly repeats: number;
  readonly wrong: number;
  readonly seconds: number;
}

async function provision(id: string, repeat: boolean): Promise<Round> {
  const put = await t.client.put(instancePath(id), body);
  const { operation } = (await put.json()) as { operation: string };
  const started = performance.now();
  const client = repeat
    ? new Worker(new URL("./repeat-client.mjs", import.meta.url), {
        workerData: {
          url: `${t.broker.url}${instancePath(id)}`,
          headers: {
            Authorization: basicAuthHeader(CREDENTIALS.username, CREDENTIALS.password),
            "X-Broker-API-Version": "2.17",
            "Content-Type": "application/json",
          },
          body: JSON.stringify(body),
          operation,
          rate,
        },
      })
    : undefined;
  for (;;) {
    const op = await t.broker.records.getOperation(id, operation);
    if (op?.state === "failed") throw new Error(`provision failed: ${op.description}`);
    if (op?.state === "succeeded") {
      const report = client
        ? await new Promise<{ repeats: number; wrong: number }>((resolve) => {
            client.once("message", resolve);
            client.postMessage("stop");
          })
        : { repeats: 0, wrong: 0 };
      await client?.terminate();
      const seconds = (performance.now() - started) / 1000;
      return { durationMs: Date.parse(op.updatedAt) - Date.parse(op.createdAt), ...report, seconds };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const alone: Round[] = [];
const repeated: Round[] = [];
await provision("warm-up", false);
for (let i = 0; i < rounds; i++) {
  alone.push(await provision(`alone-${i}`, false));
  repeated.push(await provision(`repeated-${i}`, true));
}
await t.close();

const aloneMedian = median(alone.map((r) => r.durationMs));
const repeatedMedian = median(repeated.map((r) => r.durationMs));
const achieved = median(repeated.map((r) => r.repeats / r.seconds));
const wrong = repeated.reduce((n, r) => n + r.wrong, 0);
process.stdout.write(
  `## Repeated provision PUTs while the operation runs (terraform-test, sleep_seconds 1, CONCURRENCY=1, ${rounds} rounds interleaved)\n\n${table(
    ["metric", "value", "target"],
    [
      ["operation duration, median, alone", ms(aloneMedian, 0), ""],
      [`operation duration, median, with repeats (target ${rate} req/s)`, ms(repeatedMedian, 0), ""],
      ["ratio", (repeatedMedian / aloneMedian).toFixed(2), "<= 1.10"],
      ["repeats answered per second, median", achieved.toFixed(0), `${rate}`],
      ["repeats not answered 202 with the same operation (or 200 once done)", wrong, "0"],
    ],
  )}\n`,
);
process.exit(wrong === 0 ? 0 : 1);
