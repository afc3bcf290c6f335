import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/load-catalog.js";
import type { Catalog } from "../../catalog/catalog.js";
import { createMemoryStore } from "../../state/memory-store.js";
import { createRecords, type InstanceRecord, type OperationRecord, type Records } from "../../state/records.js";
import { DryRunError, resolveDryRun } from "./dry-run-request.js";

const ROOT = resolve(import.meta.dirname, "../../..");

describe("resolveDryRun: the broker's checks before terraform", () => {
  let catalog: Catalog;
  let records: Records;
  const small = () => catalog.findPlan("trove-mysql", "small")!;

  beforeAll(async () => {
    catalog = await loadCatalog({
      catalogDir: join(ROOT, "catalog"),
      stacksDir: join(ROOT, "stacks"),
      loadStacks: false,
    });
    records = createRecords(createMemoryStore());
    const service = catalog.findService("trove-mysql")!;
    const now = new Date().toISOString();
    const base: InstanceRecord = {
      id: "db1",
      serviceId: service.id,
      planId: small().id,
      parameters: {},
      values: { ...small().defaults },
      status: "ready",
      outputs: {},
      secrets: {},
      lastOperationId: "provision-1",
      createdAt: now,
    };
    const op: OperationRecord = {
      id: "provision-1",
      type: "provision",
      instanceId: "db1",
      state: "succeeded",
      description: "",
      createdAt: now,
      updatedAt: now,
      attempts: 1,
    };
    await records.putInstance(base);
    await records.putOperation(op);
    await records.putInstance({ ...base, id: "busy", lastOperationId: "update-1" });
    await records.putOperation({ ...op, id: "update-1", type: "update", instanceId: "busy", state: "in progress" });
    await records.putInstance({ ...base, id: "broken", status: "failed" });
    await records.putInstance({ ...base, id: "gone", deleted: true });
  });

  const fails = (request: Parameters<typeof resolveDryRun>[2]) =>
    resolveDryRun(catalog, records, request).then(
      () => undefined,
      (e: unknown) => e as DryRunError,
    );

  it("create: merges plan defaults with the request, by name or id", async () => {
    const byName = await resolveDryRun(catalog, records, {
      service: "trove-mysql",
      plan: "small",
      parameters: { volume_size: 10 },
      instanceId: "new",
    });
    expect(byName).toMatchObject({
      kind: "create",
      instanceId: "new",
      values: { ...small().defaults, volume_size: 10 },
      refusals: [],
    });
    const byId = await resolveDryRun(catalog, records, { service: byName.service.id, plan: small().id });
    expect(byId.instanceId).toMatch(/^dry-run-/);
  });

  it("create: refuses an id that exists (the broker would answer 409), allows a deprovisioned one", async () => {
    expect(await fails({ service: "trove-mysql", plan: "small", instanceId: "db1" })).toMatchObject({
      field: "instance",
      status: 409,
    });
    expect(
      (await resolveDryRun(catalog, records, { service: "trove-mysql", plan: "small", instanceId: "gone" })).kind,
    ).toBe("create");
  });

  it("update: previous values kept, the broker's 422 refusals listed in its order", async () => {
    const same = await resolveDryRun(catalog, records, { instance: "db1" });
    expect(same).toMatchObject({ kind: "update", plan: { name: "small" }, refusals: [] });
    const change = await resolveDryRun(catalog, records, { instance: "db1", plan: "medium" });
    expect(change.refusals).toEqual(["plan changes are not supported for service trove-mysql"]);
    expect((await resolveDryRun(catalog, records, { instance: "busy" })).refusals).toEqual([
      "another operation is in progress for this service instance",
    ]);
    expect((await resolveDryRun(catalog, records, { instance: "broken" })).refusals).toEqual([
      "instance broken failed to provision; deprovision it and provision again",
    ]);
  });

  it("update: unknown or deleted instance, another service, parameters the plan refuses", async () => {
    expect(await fails({ instance: "nope" })).toMatchObject({
      field: "instance",
      status: 404,
      message: "instance nope does not exist",
    });
    expect(await fails({ instance: "gone" })).toMatchObject({ field: "instance", status: 404 });
    expect(await fails({ instance: "db1", service: "nova-vm" })).toMatchObject({
      field: "service",
      message: "instance db1 belongs to service trove-mysql, not nova-vm",
    });
    expect(await fails({ instance: "db1", parameters: { volume_size: 10 } })).toMatchObject({
      field: "parameters",
      message: expect.stringContaining("accepts no parameters for update"),
    });
    expect(await fails({ service: "trove-mysql", plan: "small", context: [] })).toMatchObject({ field: "context" });
  });
});
