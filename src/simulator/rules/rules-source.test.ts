import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ProviderRules, TypeRules } from "../../provider-rules/types.js";
import { createRulesSource, splitRulesFile } from "./rules-source.js";

const rules: TypeRules = {
  file: "openstack/resource_x.go",
  update: true,
  attributes: { name: { type: "string", required: true } },
};
const table: ProviderRules = {
  provider: "registry.terraform.io/terraform-provider-openstack/openstack",
  version: "3.4.0",
  resources: { openstack_x_v1: rules },
  dataSources: {},
  unmodelled: {},
};

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("where the simulator finds a type's rules", () => {
  it("in a checkout: the whole table; no table: no rules", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rules-source-"));
    dirs.push(dir);
    await writeFile(join(dir, "rules.json"), JSON.stringify(table));
    const source = createRulesSource({ rulesFile: join(dir, "rules.json") });
    expect(source.typeRules("resource", "openstack_x_v1")).toEqual(rules);
    expect(source.typeRules("data", "openstack_x_v1")).toBeUndefined();
    expect(createRulesSource({}).typeRules("resource", "openstack_x_v1")).toBeUndefined();
  });

  it("in a bundle: one file per type, read on first use and cached", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rules-source-"));
    dirs.push(dir);
    await mkdir(join(dir, "resource"), { recursive: true });
    const file = splitRulesFile(dir, "resource", "openstack_x_v1");
    await writeFile(file, JSON.stringify(rules));
    const source = createRulesSource({ rulesDir: dir });
    expect(source.typeRules("resource", "openstack_x_v1")).toEqual(rules);
    await rm(file);
    expect(source.typeRules("resource", "openstack_x_v1")).toEqual(rules); // cached
    expect(source.typeRules("resource", "../../etc/passwd")).toBeUndefined();
  });
});
