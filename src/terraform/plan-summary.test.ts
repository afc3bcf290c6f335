import { afterAll, describe, expect, it } from "vitest";
import { classifyActions, summarizePlan, type PlanResourceChange } from "./plan-summary.js";
import { createTerraformRunner } from "./runner.js";
import { createTestWorkdir, dataResource, type TestWorkdir } from "../../test/helpers/terraform-workdir.js";

const runner = createTerraformRunner({ bin: "/usr/local/bin/terraform" });
let workdir: TestWorkdir | undefined;
afterAll(() => workdir?.cleanup());

describe("summarizePlan on a real terraform plan", () => {
  it("classifies create, update, replace, delete and no-op, hiding sensitive values", async () => {
    workdir = await createTestWorkdir({
      resource: {
        terraform_data: {
          updated: dataResource({ input: "v1" }),
          replaced: dataResource({ input: "same", triggers: ["1"] }),
          deleted: dataResource({ input: "bye" }),
          kept: dataResource({ input: "k" }),
        },
      },
    });
    const cwd = workdir.dir;
    await runner.init({ cwd });
    await runner.apply({ cwd });
    await workdir.writeConfig({
      variable: { password: { type: "string", sensitive: true, default: "hunter2-secret" } },
      resource: {
        terraform_data: {
          updated: dataResource({ input: "v2" }),
          replaced: dataResource({ input: "same", triggers: ["2"] }),
          kept: dataResource({ input: "k" }),
          created: dataResource({ input: "${var.password}" }),
        },
      },
    });
    const plan = await runner.plan({ cwd, out: "tfplan" });
    expect(plan.hasChanges).toBe(true);
    const changes = summarizePlan(await runner.showPlan({ cwd, planFile: "tfplan" }));
    const byName = Object.fromEntries(changes.map((c) => [c.name, c])) as Record<string, PlanResourceChange>;

    expect(byName.created).toMatchObject({
      address: "terraform_data.created",
      type: "terraform_data",
      mode: "managed",
      action: "create",
    });
    const secret = byName.created.attributes.find((a) => a.name === "input");
    expect(secret).toEqual({ name: "input", sensitive: true, unknownAfter: false });
    expect(JSON.stringify(changes)).not.toContain("hunter2-secret");

    expect(byName.updated.action).toBe("update");
    expect(byName.updated.attributes.find((a) => a.name === "input")).toEqual({
      name: "input",
      sensitive: false,
      unknownAfter: false,
      before: "v1",
      after: "v2",
    });
    expect(byName.updated.attributes.map((a) => a.name)).toEqual(["input", "output"]);

    expect(byName.replaced.action).toBe("replace");
    expect(byName.replaced.replacedBecauseOf).toEqual(["triggers_replace"]);
    expect(byName.replaced.attributes.map((a) => a.name)).toContain("triggers_replace");

    expect(byName.deleted).toMatchObject({ action: "delete", attributes: [] });
    expect(byName.kept).toMatchObject({ action: "no-op", attributes: [] });
  });
});

describe("classifyActions", () => {
  it("maps terraform's action lists", () => {
    expect(classifyActions(["create"])).toBe("create");
    expect(classifyActions(["update"])).toBe("update");
    expect(classifyActions(["delete", "create"])).toBe("replace");
    expect(classifyActions(["create", "delete"])).toBe("replace");
    expect(classifyActions(["delete"])).toBe("delete");
    expect(classifyActions(["forget"])).toBe("delete");
    expect(classifyActions(["read"])).toBe("read");
    expect(classifyActions(["no-op"])).toBe("no-op");
  });

  it("tolerates a plan without resource_changes", () => {
    expect(summarizePlan({ format_version: "1.2" })).toEqual([]);
  });
});
