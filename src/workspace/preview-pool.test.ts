import { describe, expect, it } from "vitest";
import type { Catalog } from "../catalog/catalog.js";
import type { PlanDefinition } from "../domain/service-catalog.js";
import { defineService } from "../synth/service-definition.js";
import { TerraformError } from "../terraform/types.js";
import { createFakeWorkspaceRunner } from "./fake-workspace-runner.js";
import { createPreviewer } from "./preview.js";
import { createPreviewPool, PreviewPoolFullError, PreviewTimeoutError } from "./preview-pool.js";
import { createStackRuns } from "./stack-runs.js";

const plan = {
  id: "p",
  name: "small",
  description: "d",
  stack: "probe",
  defaults: {},
  settings: {},
  schemas: {},
  credentials: [],
  source: "x.yaml",
} as PlanDefinition;
const service = { id: "s", name: "probe", description: "d", bindable: false, plans: [plan], source: "x.yaml" };
const definition = defineService({ instance: (_scope, ctx) => ctx.output("id", ctx.instanceId) });
const catalog = { stackFor: () => definition, serviceOf: () => service } as unknown as Catalog;

/** A pool over the real previewer and stack runs, over the fake workspace runner (no terraform). */
function pool(options: { concurrency?: number; timeoutMs?: number } = {}) {
  const workspaces = createFakeWorkspaceRunner();
  const previewer = createPreviewer({ catalog, stacks: createStackRuns({ catalog, workspaces }), timeoutMs: 600_000 });
  return { workspaces, pool: createPreviewPool({ previewer, timeoutMs: 600_000, ...options }) };
}
const request = (instanceId: string, signal?: AbortSignal) => ({ instanceId, plan, values: {}, signal });

describe("the preview pool", () => {
  it("runs up to its concurrency, and refuses one more at once while they run", async () => {
    const { workspaces, pool: previews } = pool({ concurrency: 2 });
    const held = workspaces.hold("plan");
    const first = previews.previewInstance(request("a"));
    const second = previews.previewInstance(request("b"));
    await expect(previews.previewInstance(request("c"))).rejects.toThrow(PreviewPoolFullError);
    await expect(previews.previewInstance(request("c"))).rejects.toThrow("2 previews are running; retry later");
    // The two held plans are still running: the refusal did not wait for them.
    expect(previews.running).toBe(2);
    await expect.poll(() => workspaces.calls.length).toBe(2);
    expect(workspaces.calls.map((c) => c.request.ref.instanceId)).toEqual(["a", "b"]);
    held.release();
    await expect(Promise.all([first, second])).resolves.toHaveLength(2);
    expect(previews.running).toBe(0);
    await expect(previews.previewInstance(request("c"))).resolves.toMatchObject({ hasChanges: false });
  });

  it("answers PreviewTimeoutError at its timeout, interrupts terraform, and keeps the slot until terraform ended", async () => {
    const { workspaces, pool: previews } = pool({ concurrency: 1, timeoutMs: 20 });
    workspaces.hold("plan"); // never released: only the pool's abort ends it
    const error = await previews.previewInstance(request("slow")).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PreviewTimeoutError);
    expect((error as Error).message).toBe(
      "the plan did not finish within 0.02 s (PREVIEW_TIMEOUT_SECONDS): terraform was interrupted",
    );
    await expect.poll(() => workspaces.calls.length).toBe(1);
    const planned = workspaces.calls[0].request;
    expect(planned.signal?.aborted).toBe(true);
    // The fake's "terraform" sees the abort and ends (cancelled); only then is the slot free again.
    await expect.poll(() => workspaces.inFlight("plan")).toBe(0);
    await expect.poll(() => previews.running).toBe(0);
  });

  it("passes the caller's abort to terraform (a cancelled TerraformError, not a timeout)", async () => {
    const { workspaces, pool: previews } = pool();
    workspaces.hold("plan");
    const controller = new AbortController();
    const preview = previews.previewInstance(request("x", controller.signal));
    await expect.poll(() => workspaces.calls.length).toBe(1);
    controller.abort(new Error("interrupted"));
    const error = await preview.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TerraformError);
    expect(error).toMatchObject({ reason: "cancelled" });
    expect(previews.running).toBe(0);
  });

  it("passes a failed plan through and frees its slot", async () => {
    const { workspaces, pool: previews } = pool({ concurrency: 1 });
    workspaces.failNext("plan", new TerraformError("boom", "plan", [], "failed"));
    await expect(previews.previewInstance(request("x"))).rejects.toThrow("boom");
    await expect(previews.previewInstance(request("x"))).resolves.toMatchObject({ changes: [] });
  });
});
