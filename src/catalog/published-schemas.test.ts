import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "./load-catalog.js";
import { DRAFT_07 } from "./schema-compiler.js";

const ROOT = join(import.meta.dirname, "../..");

describe("every plan publishes create, update and bind parameter schemas", () => {
  it("in the shipped catalog (and the generated services): declared, else an empty closed object schema", async () => {
    const catalog = await loadCatalog({
      catalogDir: join(ROOT, "catalog"),
      stacksDir: join(ROOT, "stacks"),
      loadStacks: false,
      resourceServices: ["dns"],
    });
    for (const service of catalog.toOsb().services)
      for (const plan of service.plans) {
        const where = `${service.name}/${plan.name}`;
        expect(plan.schemas?.service_instance?.create?.parameters, where).toMatchObject({ type: "object" });
        expect(plan.schemas?.service_instance?.update?.parameters, where).toMatchObject({ type: "object" });
        if (plan.bindable !== false)
          expect(plan.schemas?.service_binding?.create?.parameters, where).toMatchObject({ type: "object" });
      }
    const member = catalog.toOsb().services.find((s) => s.name === "keystone-app-credential")?.plans[0];
    expect(member?.schemas?.service_instance).toEqual({
      create: { parameters: { $schema: DRAFT_07, type: "object", properties: {}, additionalProperties: false } },
      update: { parameters: { $schema: DRAFT_07, type: "object", properties: {}, additionalProperties: false } },
    });
  });
});
