import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  provisionBody,
  SERVICE_ID,
  startTestBroker,
  testBrokerEnv,
  type TestBroker,
} from "../helpers/broker-fixture.js";
import { runCli } from "./cli-harness.js";

/** `instances` and `operations [--follow]` against a real broker's store while it works. */
describe("openstack-broker instances / operations", () => {
  let t: TestBroker;
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await startTestBroker();
    env = testBrokerEnv(t.dir);
  }, 30_000);
  afterAll(() => t?.close());

  it("operations --follow prints lines of a running operation before it finishes", async () => {
    const response = await t.client.put(
      "/v2/service_instances/slow?accepts_incomplete=true",
      provisionBody({ sleep_seconds: 4 }),
    );
    expect(response.status).toBe(202);
    // Wait until the worker has started (the operation exists), then follow it.
    for (let i = 0; i < 50 && (await t.broker.records.getInstance("slow")) === undefined; i++)
      await new Promise((r) => setTimeout(r, 50));
    const instance = await t.broker.records.getInstance("slow");
    const statesAtLogLines: Promise<string | undefined>[] = [];
    const run = await runCli(["operations", "slow", "--follow", "--interval", "100"], {
      env,
      onStdout: (text) => {
        if (/\[instance\]/.test(text))
          statesAtLogLines.push(
            t.broker.records.getOperation("slow", instance!.lastOperationId).then((op) => op?.state),
          );
      },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^following provision-\S+ \(provision\) of instance slow\n/);
    expect(run.stdout).toMatch(/\[instance\] terraform_data\.sleep.*Creating/);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toMatch(/^provision succeeded/);
    const states = await Promise.all(statesAtLogLines);
    expect(states.length).toBeGreaterThan(0);
    expect(states[0]).toBe("in progress");
  }, 60_000);

  it("operations --follow on a terminal: a status line with the worker's progress under the log", async () => {
    const response = await t.client.patch("/v2/service_instances/slow?accepts_incomplete=true", {
      service_id: SERVICE_ID,
      parameters: { sleep_seconds: 2 },
    });
    expect(response.status).toBe(202);
    const run = await runCli(["operations", "slow", "--follow", "--interval", "100"], { env, isTTY: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/following update-\S+ \(update\)/);
    expect(run.stdout).toMatch(/\[instance\] terraform_data\.sleep/);
    expect(run.stderr).toMatch(/\r\x1b\[K. update: /);
    expect(run.stderr.endsWith("\r\x1b[K")).toBe(true);
  }, 60_000);

  it("operations lists the operations and prints the latest log; --json is the same as data", async () => {
    const human = await runCli(["operations", "slow"], { env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^OPERATION\s+TYPE\s+STATE\s+CREATED\s+DESCRIPTION\nprovision-\S+\s+provision\s+succeeded.*\nupdate-\S+\s+update\s+succeeded/,
    );
    expect(human.stdout).toMatch(/\nlog of update-\S+ \(succeeded\):\n/);
    const json = JSON.parse((await runCli(["operations", "slow", "--json"], { env })).stdout);
    expect(json.operations.map((o: { type: string; state: string }) => `${o.type} ${o.state}`)).toEqual([
      "provision succeeded",
      "update succeeded",
    ]);
    expect(json.log.lines.some((l: { type: string }) => l.type === "apply_complete")).toBe(true);
    const unknown = await runCli(["operations", "nope"], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('operations: instance "nope" does not exist');
  });

  it("instances lists instances with service, plan, status and last operation", async () => {
    const human = await runCli(["instances"], { env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^ID\s+SERVICE\s+PLAN\s+STATUS\s+LAST OPERATION\s+CREATED\nslow\s+terraform-test\s+default\s+ready\s+update succeeded\s+\S+\n$/,
    );
    const json = JSON.parse((await runCli(["instances", "--json"], { env })).stdout);
    expect(json.instances).toEqual([
      expect.objectContaining({
        id: "slow",
        service: { id: expect.any(String), name: "terraform-test" },
        status: "ready",
        deleted: false,
      }),
    ]);
  });
});
