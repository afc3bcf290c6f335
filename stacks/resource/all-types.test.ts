import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveParameters } from "../../src/catalog/parameters.js";
import { resourceServices, resourceTypeStatuses } from "../../src/catalog/resource-services/index.js";
import type { ServiceOffering } from "../../src/domain/service-catalog.js";
import { DEFAULT_INVENTORY } from "../../src/simulator/index.js";
import { synthesize } from "../../src/synth/synthesize.js";
import {
  createStackWorkspace,
  startTestSimulator,
  type StackWorkspace,
  type TestSimulator,
} from "../../src/testing/index.js";
import definition from "./index.js";
import { SIMULATOR_FILLS, type FillContext } from "./simulator-fills.js";

/**
 * Every offered generated service, applied on the simulator: one terraform apply per type, in
 * dependency order (a child's parent id comes from the parent's outputs), then a second plan that
 * must be empty, then every type destroyed in reverse order. Each type gets its generated defaults
 * plus the parameters of simulator-fills.ts (required ids from the default inventory or a parent).
 * Sequential: about a second per type on the reattached simulator.
 */
const offered = resourceTypeStatuses().filter((s) => s.status === "offered");
const { services } = resourceServices(["all"]);
const serviceOf = (type: string) => services.find((s) => s.metadata?.resourceType === type) as ServiceOffering;

describe("every generated resource service on the simulator", () => {
  let simulator: TestSimulator;
  const applied: { type: string; workspace: StackWorkspace }[] = [];
  const outputs = new Map<string, Record<string, unknown>>();
  beforeAll(async () => void (simulator = await startTestSimulator()));
  afterAll(async () => {
    for (const { workspace } of applied.reverse()) await workspace.dispose();
    await simulator?.stop();
  });

  it("has a simulator fill for every offered type (and none for a type not offered)", () => {
    expect(SIMULATOR_FILLS.map((f) => f.type).sort()).toEqual(offered.map((s) => s.type));
  });

  it("applies each with its defaults and fills, plans nothing more, and destroys", async () => {
    const inventory = {
      privateNetworkId: DEFAULT_INVENTORY.networks[1].id,
      privateSubnetId: DEFAULT_INVENTORY.networks[1].subnetId,
      clusterTemplateId: DEFAULT_INVENTORY.clusterTemplates[0].id,
      imageName: DEFAULT_INVENTORY.images[0].name,
    };
    const ctx: FillContext = {
      inventory,
      out(type) {
        const value = outputs.get(type)?.id;
        if (value === undefined) throw new Error(`no id of ${type} (apply it first)`);
        return value;
      },
    };
    const failures: string[] = [];
    for (const fill of SIMULATOR_FILLS) {
      const service = serviceOf(fill.type);
      const plan = service.plans[0];
      try {
        const values = resolveParameters({ plan, action: "create", given: fill.parameters(ctx) }).values;
        const stack = synthesize({
          definition,
          service,
          plan,
          kind: "instance",
          values,
          instanceId: `gen-${fill.type.replace(/_/g, "-")}`,
          backend: "local",
        });
        const workspace = await createStackWorkspace(stack, { env: simulator.env });
        applied.push({ type: fill.type, workspace });
        await workspace.apply();
        const out = Object.fromEntries(Object.entries(await workspace.output()).map(([k, v]) => [k, v.value]));
        if (typeof out.id !== "string" || out.id === "") throw new Error(`no id output: ${JSON.stringify(out)}`);
        outputs.set(fill.type, out);
        const again = await workspace.plan();
        const changed = again.resourceChanges.filter((c) => !c.actions.every((a) => a === "no-op"));
        if (changed.length > 0) throw new Error(`second plan not empty: ${JSON.stringify(again.summary)}`);
      } catch (error) {
        failures.push(`${fill.type}: ${(error as Error).message.split("\n").slice(0, 6).join(" | ")}`);
      }
    }
    for (const { type, workspace } of [...applied].reverse()) {
      await workspace.destroy().catch((error: Error) => failures.push(`${type}: destroy: ${error.message}`));
    }
    expect(failures).toEqual([]);
    expect(await simulator.cloud.list()).toEqual([]);
  }, 600_000);
});
