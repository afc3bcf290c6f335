/**
 * The baseline of bench/http-latency.bench.ts: a bare hono app on @hono/node-server, in its own
 * process like the broker, answering each path with the body (and status) the broker gave for it.
 * No auth, no middleware, no store. Reads `{path: {status, body}}` as JSON from argv[2]; prints
 * `listening on http://127.0.0.1:<port>`.
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const answers = JSON.parse(process.argv[2] ?? "{}") as Record<string, { status: number; body: string }>;
const app = new Hono();
for (const [path, answer] of Object.entries(answers)) {
  app.get(path.split("?")[0], (c) => c.body(answer.body, answer.status as 200, { "Content-Type": "application/json" }));
}
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
  console.log(`listening on http://127.0.0.1:${info.port}`),
);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
