import { describe, expect, it } from "vitest";
import { createFakeRunner, fakeApplyEvents } from "./fake-runner.js";
import { TerraformError, type TerraformProgress } from "./types.js";

describe("createFakeRunner", () => {
  it("records calls and returns configured results", async () => {
    const outputs = { host: { value: "10.0.0.1", sensitive: false, type: "string" } };
    const fake = createFakeRunner({ outputs, hasChanges: false });
    await fake.init({ cwd: "/w" });
    const plan = await fake.plan({ cwd: "/w", out: "tfplan" });
    expect(plan).toMatchObject({ command: "plan", hasChanges: false, exitCode: 0 });
    await fake.apply({ cwd: "/w", planFile: "tfplan" });
    expect(await fake.output({ cwd: "/w" })).toEqual(outputs);
    expect(fake.calls.map((c) => c.method)).toEqual(["init", "plan", "apply", "output"]);
    expect(fake.callsOf("apply")[0].options.planFile).toBe("tfplan");
    fake.planDocument = { resource_changes: [{ address: "a.b" }] };
    expect(await fake.showPlan({ cwd: "/w", planFile: "tfplan" })).toEqual({ resource_changes: [{ address: "a.b" }] });
  });

  it("replays events and progress, and fails on demand", async () => {
    const fake = createFakeRunner({ events: { apply: fakeApplyEvents(["a.x", "a.y"]) } });
    const progress: TerraformProgress[] = [];
    await fake.apply({ cwd: "/w", onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toEqual({ command: "apply", done: 2, total: 2 });

    fake.failNext("apply", "local-exec provisioner error: boom");
    const error = await fake.apply({ cwd: "/w" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TerraformError);
    expect(error).toMatchObject({ reason: "failed", command: "apply", message: "local-exec provisioner error: boom" });
    await expect(fake.apply({ cwd: "/w" })).resolves.toMatchObject({ exitCode: 0 });

    fake.failAlways("destroy", new TerraformError("t", "destroy", [], "timeout"));
    await expect(fake.destroy({ cwd: "/w" })).rejects.toMatchObject({ reason: "timeout" });
    await expect(fake.destroy({ cwd: "/w" })).rejects.toMatchObject({ reason: "timeout" });
    fake.clearFailures();
    await expect(fake.destroy({ cwd: "/w" })).resolves.toMatchObject({ command: "destroy" });
  });

  it("holds a call until released, or cancels it through its signal", async () => {
    const fake = createFakeRunner();
    const held = fake.hold("apply");
    const controller = new AbortController();
    const cancelled = fake.apply({ cwd: "/w", signal: controller.signal });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ reason: "cancelled", command: "apply" });
    let finished = false;
    const running = fake.apply({ cwd: "/w" }).then(() => (finished = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(finished).toBe(false);
    held.release();
    await running;
    expect(finished).toBe(true);
  });
});
