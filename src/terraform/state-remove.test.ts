import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTerraformRunner } from "./runner.js";
import { createTestWorkdir, dataResource, type TestWorkdir } from "../../test/helpers/terraform-workdir.js";

const runner = createTerraformRunner({ bin: "/usr/local/bin/terraform" });
let workdir: TestWorkdir | undefined;
afterAll(() => workdir?.cleanup());

describe("stateRemove", () => {
  it("forgets the named resources without destroying them; the rest stays managed", async () => {
    workdir = await createTestWorkdir({
      resource: { terraform_data: { gone: dataResource({ input: "a" }), kept: dataResource({ input: "b" }) } },
    });
    const cwd = workdir.dir;
    await runner.init({ cwd });
    await runner.apply({ cwd });
    await runner.stateRemove({ cwd, addresses: ["terraform_data.gone"] });
    const state = JSON.parse(await readFile(join(cwd, "terraform.tfstate"), "utf8")) as {
      resources: { name: string }[];
    };
    expect(state.resources.map((r) => r.name)).toEqual(["kept"]);
    await expect(runner.stateRemove({ cwd, addresses: ["terraform_data.missing"] })).rejects.toThrow(
      /terraform state failed|No matching objects|Invalid target address/i,
    );
  });
});
