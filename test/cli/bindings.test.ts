import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { createCloudStore } from "../../src/simulator/cloud-store.js";
import { countExpiredBindings } from "../../src/broker/expired-bindings.js";
import { ROOT, startTestBroker, testBrokerEnv, type TestBroker } from "../helpers/broker-fixture.js";
import { runCli } from "./cli-harness.js";

const KEYSTONE = { service: "b063eb09-0854-49bc-8d07-96dbc101639d", plan: "bddd438f-3e05-4ece-aa7d-7d908a1d5771" };
const APP_CRED = "openstack_identity_application_credential_v3";

/** `bindings --expired` and `bindings cleanup-expired [--apply]` against a real broker's store and simulated cloud. */
describe("openstack-broker bindings", () => {
  let t: TestBroker;
  let env: Record<string, string>;
  const catalogEnv = { CATALOG_DIR: join(ROOT, "catalog"), SIMULATE: "true" };
  beforeAll(async () => {
    t = await startTestBroker({ env: catalogEnv });
    env = testBrokerEnv(t.dir, catalogEnv);
  }, 60_000);
  afterAll(() => t?.close());

  const bind = (binding: string, parameters: Record<string, unknown> = {}) =>
    t.client.put(`/v2/service_instances/ks/service_bindings/${binding}`, {
      service_id: KEYSTONE.service,
      plan_id: KEYSTONE.plan,
      parameters,
    });
  const appCredentials = async () => (await createCloudStore({ dir: t.config.simulatorDir }).list(APP_CRED)).length;

  it("counts and lists expired bindings, dry-runs their cleanup, then unbinds them with --apply", async () => {
    const provision = await t.client.put("/v2/service_instances/ks?accepts_incomplete=true", {
      service_id: KEYSTONE.service,
      plan_id: KEYSTONE.plan,
      organization_guid: "org",
      space_guid: "space",
    });
    expect(provision.status).toBe(202);
    expect((await t.waitForInstance("ks")).body.state).toBe("succeeded");
    const soon = new Date(Math.ceil((Date.now() + 2000) / 1000) * 1000);
    expect((await bind("short", { expires_at: soon.toISOString() })).status).toBe(201);
    expect((await bind("forever")).status).toBe(201);
    expect(await appCredentials()).toBe(2);
    expect(await countExpiredBindings(t.broker.records)).toBe(0);
    while (Date.now() <= soon.getTime()) await new Promise((r) => setTimeout(r, 200));

    expect(await countExpiredBindings(t.broker.records)).toBe(1);
    const listed = await runCli(["bindings", "--expired", "--json"], { env });
    expect(listed.code, listed.stderr).toBe(0);
    const { bindings } = JSON.parse(listed.stdout) as { bindings: { id: string; expires_at: string }[] };
    expect(bindings.map((b) => b.id)).toEqual(["short"]);
    expect(bindings[0].expires_at).toBe(`${soon.toISOString().slice(0, 19)}Z`);
    const table = await runCli(["bindings"], { env });
    expect(table.stdout).toMatch(/ks\s+short\s+keystone-app-credential\/member\s+expired/);
    expect(table.stdout).toMatch(/ks\s+forever\s+keystone-app-credential\/member\s+ready\s+never/);

    const dryRun = await runCli(["bindings", "cleanup-expired"], { env });
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toMatch(
      /^would unbind ks\/short \(plan member, expired .*Z\)\n1 expired binding\(s\); run with --apply/,
    );
    expect(await appCredentials()).toBe(2); // the dry run changed nothing

    const applied = await runCli(["bindings", "cleanup-expired", "--apply"], { env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^unbound ks\/short/);
    expect(await appCredentials()).toBe(1);
    expect((await t.broker.records.getBinding("ks", "short"))?.deleted).toBe(true);
    expect((await t.broker.records.getBinding("ks", "forever"))?.deleted).toBeUndefined();
    expect(await countExpiredBindings(t.broker.records)).toBe(0);
    expect((await runCli(["bindings", "--expired"], { env })).stdout).toMatch(/^no expired bindings in /);
  }, 120_000);

  it("refuses an unknown subcommand and --apply without cleanup-expired, naming them", async () => {
    const unknown = await runCli(["bindings", "purge"], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/bindings: unknown subcommand "purge"/);
    const stray = await runCli(["bindings", "--apply"], { env });
    expect(stray.code).toBe(1);
    expect(stray.stderr).toMatch(/--apply belongs to 'bindings cleanup-expired'/);
  });
});
