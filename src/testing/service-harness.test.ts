import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assertNoRequestLiterals, synthesizeService } from "./service-harness.js";
import { runServiceLifecycle } from "./service-lifecycle.js";
import { createStackWorkspace } from "./stack-workspace.js";

// The harness is exercised on the broker's built-ins-only test service, so these tests run real
// terraform without the OpenStack simulator.
const fixtures = {
  catalogDir: join(import.meta.dirname, "../../test/fixtures/catalog"),
  service: "terraform-test",
  plan: "default",
};

describe("service harness", () => {
  it("synthesizes with the plan's defaults merged with the parameters", async () => {
    const stack = await synthesizeService({ ...fixtures, parameters: { message: "from the test" } });
    expect(stack.values).toMatchObject({ message: "from the test", sleep_seconds: 0 });
    expect(stack.variables.param_message).toBe("from the test");
    expect(stack.outputs).toContain("message");
    assertNoRequestLiterals(stack);
  });

  it("rejects parameters the plan's schema refuses, naming the field", async () => {
    await expect(synthesizeService({ ...fixtures, parameters: { sleep_seconds: -1 } })).rejects.toThrow(
      /parameters\.sleep_seconds/,
    );
    await expect(synthesizeService({ ...fixtures, parameters: { nope: 1 } })).rejects.toThrow(
      /terraform-test\/default/,
    );
  });

  it("names an unknown service or plan", async () => {
    await expect(synthesizeService({ ...fixtures, service: "nope" })).rejects.toThrow(
      /no service "nope".*terraform-test/,
    );
    await expect(synthesizeService({ ...fixtures, plan: "nope" })).rejects.toThrow(/no plan "nope".*default, other/);
  });

  it("detects a request value written literally into the configuration", async () => {
    const stack = await synthesizeService(fixtures);
    expect(() => assertNoRequestLiterals(stack, { leaked: "terraform_data" })).toThrow(/leaked/);
  });

  it("runs a whole lifecycle with real terraform and returns the credentials", async () => {
    let bound: Record<string, unknown> | undefined;
    const result = await runServiceLifecycle({
      ...fixtures,
      parameters: { message: "lifecycle" },
      onBound: (c) => void (bound = c),
    });
    expect(result.instancePlan.map((c) => c.actions)).toContainEqual(["create"]);
    expect(result.instanceDriftAfterApply).toBe(false);
    expect(result.instanceOutputs.message).toBe("lifecycle");
    expect(result.credentials).toMatchObject({ message: "lifecycle" });
    expect(bound).toEqual(result.credentials);
  }, 60_000);

  it("shows a replacement in the plan of an update", async () => {
    const first = await synthesizeService({ ...fixtures, parameters: { sleep_seconds: 0 } });
    const workspace = await createStackWorkspace(first);
    try {
      await workspace.apply();
      await workspace.update(await synthesizeService({ ...fixtures, parameters: { sleep_seconds: 1 } }));
      const plan = await workspace.plan();
      expect(plan.resourceChanges.find((c) => c.address === "terraform_data.sleep")?.actions).toEqual([
        "delete",
        "create",
      ]);
      await workspace.destroy();
    } finally {
      await workspace.dispose();
    }
  }, 60_000);
});
