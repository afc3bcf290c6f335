import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/load-catalog.js";
import type { Catalog } from "../../catalog/catalog.js";
import { createCloudRouting } from "../../cloud/cloud-routing.js";
import { createMemoryStore } from "../../state/memory-store.js";
import { createRecords } from "../../state/records.js";
import type { InstancePreviewRequest, Previewer } from "../../workspace/preview.js";
import { createDryRun, DryRunError } from "./dry-run.js";

const ROOT = resolve(import.meta.dirname, "../../..");
let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog({ catalogDir: join(ROOT, "catalog"), stacksDir: join(ROOT, "stacks") });
});

/** A previewer that records what it was asked and plans nothing. */
function fakePreviewer(): Previewer & { requests: InstancePreviewRequest[] } {
  const requests: InstancePreviewRequest[] = [];
  return {
    requests,
    previewInstance: async (request) => (requests.push(request), { hasChanges: false, changes: [], outputs: [] }),
    previewBinding: async () => ({ hasChanges: false, changes: [], outputs: [] }),
  };
}

describe("dry-run of a new instance: on the cloud the broker would choose", () => {
  const routing = () =>
    createCloudRouting({
      defaultCloud: "default",
      rules: [{ match: { platform: "kubernetes", namespace: "team-a" }, cloud: "team-a" }],
    });

  it("follows the platform mapping, else the default", async () => {
    const previewer = fakePreviewer();
    const dryRun = createDryRun({
      catalog,
      records: createRecords(createMemoryStore()),
      previewer,
      target: () => ({ kind: "cloud", description: "c" }),
      clouds: routing(),
    });
    await dryRun.run({ service: "nova-vm", plan: "small", context: { platform: "kubernetes", namespace: "team-a" } });
    await dryRun.run({
      service: "nova-vm",
      plan: "small",
      context: { platform: "kubernetes", namespace: "elsewhere" },
    });
    expect(previewer.requests.map((r) => r.cloud)).toEqual(["team-a", "default"]);
  });

  it("a requested cloud the plan does not allow is the broker's 400, before terraform runs", async () => {
    const previewer = fakePreviewer();
    const dryRun = createDryRun({
      catalog,
      records: createRecords(createMemoryStore()),
      previewer,
      target: () => ({ kind: "cloud", description: "c" }),
      clouds: routing(),
    });
    await expect(
      dryRun.run({ service: "nova-vm", plan: "small", parameters: { cloud: "team-a" } }),
    ).rejects.toBeInstanceOf(DryRunError);
    expect(previewer.requests).toEqual([]);
  });
});
