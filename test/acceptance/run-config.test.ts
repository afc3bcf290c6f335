import { expect } from "vitest";
import { simulatorTest } from "../helpers/simulator-harness.js";
import { runSteps } from "./run-config.js";

const KEYPAIR = 'resource "openstack_compute_keypair_v2" "kp" {\n  name = "kp-1"\n}\n';
const KEYPAIR_RENAMED = 'resource "openstack_compute_keypair_v2" "kp" {\n  name = "kp-2"\n}\n';

simulatorTest("a config that applies, checks, plans empty and destroys passes", async ({ simulator }) => {
  const result = await runSteps(simulator, [
    {
      hcl: KEYPAIR,
      checks: [{ kind: "equals", address: "openstack_compute_keypair_v2.kp", key: "name", value: "kp-1" }],
    },
  ]);
  expect(result).toMatchObject({ outcome: "passed" });
  expect(await simulator.cloud.list()).toEqual([]);
});

simulatorTest("each stage is named when it fails: validate, apply, check", async ({ simulator }) => {
  const invalid = await runSteps(simulator, [
    { hcl: 'resource "openstack_compute_keypair_v2" "kp" {\n  name = "x"\n  nam  = "y"\n}\n' },
  ]);
  expect(invalid.outcome).toBe("validate");
  expect(invalid.error).toMatch(/Error: Unsupported argument/);

  await simulator.cloud.injectFailure({ resourceType: "openstack_compute_keypair_v2", operation: "create", times: 1 });
  const refused = await runSteps(simulator, [{ hcl: KEYPAIR }]);
  expect(refused.outcome).toBe("apply");
  expect(refused.error).toMatch(/^Error: /);

  const wrong = await runSteps(simulator, [
    {
      hcl: KEYPAIR,
      checks: [{ kind: "equals", address: "openstack_compute_keypair_v2.kp", key: "name", value: "other" }],
    },
  ]);
  expect(wrong).toMatchObject({
    outcome: "check",
    error: `openstack_compute_keypair_v2.kp: Attribute 'name' expected "other", got "kp-1"`,
  });
});

simulatorTest("a sequence names the step that failed", async ({ simulator }) => {
  const checkName = (value: string) => [
    { kind: "equals" as const, address: "openstack_compute_keypair_v2.kp", key: "name", value },
  ];
  expect(
    (
      await runSteps(simulator, [
        { hcl: KEYPAIR, checks: checkName("kp-1") },
        { hcl: KEYPAIR_RENAMED, checks: checkName("kp-2") },
      ])
    ).outcome,
  ).toBe("passed");
  const second = await runSteps(simulator, [{ hcl: KEYPAIR }, { hcl: KEYPAIR_RENAMED, checks: checkName("kp-1") }]);
  expect(second.outcome).toBe("step 2: check");
  // A `Destroy: true` step destroys with its config; the final destroy then has nothing left to do.
  expect((await runSteps(simulator, [{ hcl: KEYPAIR }, { hcl: KEYPAIR, destroy: true }])).outcome).toBe("passed");
});
