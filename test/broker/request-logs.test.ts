import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startBroker, type RunningBroker } from "../../src/cli/start-broker.js";
import { loadConfig } from "../../src/config/load-config.js";
import { createOsbTestClient } from "../helpers/osb-test-client.js";
import { createLogger } from "../../src/logging/logger.js";
import {
  CREDENTIALS,
  instancePath,
  pollLastOperation,
  provisionBody,
  testBrokerEnv,
} from "../helpers/broker-fixture.js";

let broker: RunningBroker | undefined;
let dir: string | undefined;
afterEach(async () => {
  await broker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  broker = dir = undefined;
});

describe("logs that can be followed (real broker, real terraform, pino JSON lines)", () => {
  it("the request line and the operation's own lines carry the request identity, the user and the ids", async () => {
    dir = await mkdtemp(join(tmpdir(), "request-logs-"));
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: "info", destination: { write: (l: string) => lines.push(JSON.parse(l)) } });
    broker = await startBroker(loadConfig(testBrokerEnv(dir, { LOG_LEVEL: "info", SIMULATE: "true" })), { logger });
    const running = broker;
    const client = createOsbTestClient({ request: (p, i) => fetch(`${running.url}${p}`, i), credentials: CREDENTIALS });
    const originating = `cloudfoundry ${Buffer.from(JSON.stringify({ user_id: "u-42", email: "a@example.org" })).toString("base64")}`;
    const res = await client.put(instancePath("db1"), provisionBody(), {
      "X-Broker-API-Request-Identity": "req-e2e-1",
      "X-Broker-API-Originating-Identity": originating,
    });
    expect(res.status).toBe(202);
    const { operation } = (await res.json()) as { operation: string };
    const done = await pollLastOperation(client, `/v2/service_instances/db1/last_operation`, 60_000);
    expect(done.body.state).toBe("succeeded");
    expect((await client.get("/v2/catalog", { Authorization: undefined })).status).toBe(401);

    const request = lines.find((l) => l.msg === "OSB request" && l.method === "PUT");
    expect(request).toMatchObject({
      level: 30,
      route: "/v2/service_instances/:instance_id",
      status: 202,
      requestIdentity: "req-e2e-1",
      user: "cloudfoundry:u-42",
      instance: "db1",
      operation,
    });
    const fromOperation = lines.filter((l) => l.operation === operation && l.msg !== "OSB request");
    expect(fromOperation.map((l) => l.msg)).toEqual(
      expect.arrayContaining(["operation started", "operation succeeded"]),
    );
    for (const line of fromOperation)
      expect(line).toMatchObject({ requestIdentity: "req-e2e-1", user: "cloudfoundry:u-42", instance: "db1" });
    // The polls are request lines too, one per request; the 401 is one at info, none at warn.
    expect(lines.filter((l) => l.msg === "OSB request" && l.status === 401)).toHaveLength(1);
    expect(lines.filter((l) => (l.level as number) >= 40)).toEqual([]);
    const all = JSON.stringify(lines);
    for (const secret of [originating.split(" ")[1], "a@example.org", CREDENTIALS.password])
      expect(all).not.toContain(secret);
  });
});
