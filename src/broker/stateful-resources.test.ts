import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog/load-catalog.js";
import { createMemoryStore } from "../state/memory-store.js";
import { createRecords, type InstanceRecord } from "../state/records.js";
import type { PlanResourceChange } from "../terraform/plan-summary.js";
import type { Worker } from "../worker/worker.js";
import type { Previewer } from "../workspace/preview.js";
import { createBroker } from "./create-broker.js";
import { destructiveUpdatesFrom, providerDestructiveUpdates } from "./destructive-update-rules.js";
import { describeDestructive, destructiveStatefulChanges } from "./stateful-resources.js";
import { loadProviderRules } from "../provider-rules/load.js";

const ROOT = resolve(import.meta.dirname, "../..");

/**
 * An image change of openstack_compute_instance_v2 as terraform-provider-openstack 3.4.0 plans it:
 * `image_id` is not ForceNew (resource_openstack_compute_instance_v2.go), so the plan is an in-place
 * update, and resourceComputeInstanceV2Update calls servers.Rebuild, which wipes the root disk.
 */
const rebuild: PlanResourceChange = {
  address: "openstack_compute_instance_v2.server",
  type: "openstack_compute_instance_v2",
  name: "server",
  mode: "managed",
  action: "update",
  attributes: [{ name: "image_id", sensitive: false, unknownAfter: false, before: "0b7c-old", after: "4c2e-new" }],
};
const resize: PlanResourceChange = {
  ...rebuild,
  attributes: [{ name: "flavor_id", sensitive: false, unknownAfter: false, before: "2", after: "3" }],
};
const definition = { instance: () => undefined };

describe("destructiveStatefulChanges reads more than replacements", () => {
  it("refuses an in-place update the rules table marks destructive (Nova rebuild on an image change)", async () => {
    const lookup = providerDestructiveUpdates();
    const [change, ...rest] = destructiveStatefulChanges(definition, [rebuild, resize], lookup);
    expect(rest).toEqual([]);
    expect(change.inPlace).toMatchObject({ call: "servers.Rebuild", changing: ["image_id"] });
    expect(describeDestructive([change])).toBe(
      "this update would update openstack_compute_instance_v2.server in place: changing image_id rebuilds the server from the new image, " +
        "wiping its root disk (servers.Rebuild), losing its data; send parameters.allow_replace: true to accept",
    );
  });

  it("lets a resize (flavor change, servers.Resize keeps the disk) through", async () => {
    expect(destructiveStatefulChanges(definition, [resize], providerDestructiveUpdates())).toEqual([]);
  });

  it("still refuses replacements and deletions of stateful types, and Octavia pools and listeners", () => {
    const replace = (type: string): PlanResourceChange => ({
      ...rebuild,
      type,
      address: `${type}.x`,
      action: "replace",
      attributes: [],
      replacedBecauseOf: ["listener_id"],
    });
    const changes = [
      "openstack_lb_pool_v2",
      "openstack_lb_listener_v2",
      "openstack_db_instance_v1",
      "terraform_data",
    ].map(replace);
    expect(destructiveStatefulChanges(definition, changes).map((c) => c.type)).toEqual([
      "openstack_lb_pool_v2",
      "openstack_lb_listener_v2",
      "openstack_db_instance_v1",
    ]);
    expect(describeDestructive([changes[0]])).toMatch(
      /^this update would replace openstack_lb_pool_v2\.x \(listener_id forces replacement\)/,
    );
  });

  it("knows no destructive update for a type the table does not hold", () => {
    const lookup = destructiveUpdatesFrom(loadProviderRules());
    expect(lookup("terraform_data")).toEqual([]);
    expect(lookup("openstack_compute_instance_v2").flatMap((r) => r.attributes)).toContain("image_id");
  });
});

describe("the broker's update", () => {
  it("answers 422 naming the server and the rebuild, unless allow_replace: true", async () => {
    const catalog = await loadCatalog({ catalogDir: join(ROOT, "catalog"), stacksDir: join(ROOT, "stacks") });
    const records = createRecords(createMemoryStore());
    const service = catalog.findService("nova-vm")!;
    const plan = catalog.findPlan("nova-vm", "small")!;
    const instance: InstanceRecord = {
      id: "vm1",
      serviceId: service.id,
      planId: plan.id,
      parameters: {},
      values: { ...plan.defaults },
      status: "ready",
      outputs: {},
      secrets: {},
      lastOperationId: "provision-1",
      createdAt: new Date().toISOString(),
    };
    await records.putInstance(instance);
    const previewer: Previewer = {
      previewInstance: async () => ({ hasChanges: true, changes: [rebuild], outputs: [] }),
      previewBinding: async () => ({ hasChanges: false, changes: [], outputs: [] }),
    };
    const enqueued: string[] = [];
    const worker = {
      submit: async (op: { id: string }, persist: () => Promise<void>) => {
        await persist();
        enqueued.push(op.id);
      },
      enqueue: (op: { id: string }) => void enqueued.push(op.id),
    } as unknown as Worker;
    const broker = createBroker({ catalog, records, worker, previewer });
    const meta = { apiVersion: "2.17", acceptsIncomplete: true };
    const details = { service_id: service.id, parameters: { image: "cirros-0.6.2-x86_64-disk" } };

    const refused = await broker.update("vm1", details, meta).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({ status: 422 });
    expect((refused as Error).message).toMatch(
      /update openstack_compute_instance_v2\.server in place: changing image_id rebuilds the server .*allow_replace/,
    );
    expect(enqueued).toEqual([]);

    const accepted = await broker.update(
      "vm1",
      { ...details, parameters: { ...details.parameters, allow_replace: true } },
      meta,
    );
    expect(accepted.async).toBe(true);
    expect(enqueued).toHaveLength(1);
  });
});
