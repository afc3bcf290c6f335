import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPlanOnSimulator } from "./plan-check.js";
import { startTestSimulator, type TestSimulator } from "./test-simulator.js";

// The stacks' tests use the fast wiring (reattach); this runs one service per kind of construct the
// faithful way: terraform init installs the provider from a filesystem mirror and launches it.
describe("service library with terraform-launched provider (filesystem mirror)", () => {
  let simulator: TestSimulator;
  beforeAll(async () => void (simulator = await startTestSimulator({ mode: "mirror" })));
  afterAll(() => simulator?.stop());

  it("trove-postgresql/small: provision, bind, unbind, deprovision", async () => {
    const result = await checkPlanOnSimulator({
      service: "trove-postgresql",
      plan: "small",
      env: simulator.env,
      cloud: simulator.cloud,
      credentialKeys: ["type", "host", "port", "database", "username", "password", "uri"],
    });
    expect(result.credentials?.uri).toMatch(/^postgresql:\/\//);
  }, 120_000);

  it("baremetal/standard (with the library's Ironic flavor): provision, bind, unbind, deprovision", async () => {
    await checkPlanOnSimulator({
      service: "baremetal",
      plan: "standard",
      env: simulator.env,
      cloud: simulator.cloud,
      credentialKeys: ["type", "host", "username", "private_key", "uri"],
    });
  }, 120_000);
});
