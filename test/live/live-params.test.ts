import { describe, expect, it } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { PlanDefinition } from "../../src/domain/service-catalog.js";
import { loadCatalog } from "../../src/catalog/load-catalog.js";
import { loadLiveParams, planInputs, unknownParamKeys, withRunId, type LiveParams } from "./live-params.js";

const ROOT = resolve(import.meta.dirname, "../..");

const plan = (overrides: Partial<PlanDefinition> = {}): PlanDefinition => ({
  id: "p1",
  name: "primary",
  description: "a plan",
  stack: "designate-zone",
  defaults: { ttl: 3600 },
  settings: {},
  credentials: [],
  source: "catalog/x.yaml",
  schemas: {
    create: {
      type: "object",
      additionalProperties: false,
      required: ["zone", "ttl"],
      properties: {
        zone: { type: "string", pattern: "\\.$" },
        ttl: { type: "integer", maximum: 86400 },
        network: { type: "string" },
      },
    },
    bind: {
      type: "object",
      additionalProperties: false,
      required: ["access_to"],
      properties: { access_to: { type: "string" } },
    },
  },
  ...overrides,
});
const params = (entries: LiveParams["entries"]): LiveParams => ({ file: "/p/live.yaml", entries });

describe("live test parameters", () => {
  it("a required parameter without a plan default, not in the file, is a problem naming the key to add", () => {
    const inputs = planInputs(plan(), "designate-zone/primary", params({}), "live-1");
    expect(inputs.problems).toEqual([
      'parameter "zone" is required and has no default: set "designate-zone/primary": { parameters: { zone: ... } } in /p/live.yaml',
      'bind parameter "access_to" is required and has no default: set "designate-zone/primary": { bind: { access_to: ... } } in /p/live.yaml',
    ]);
  });

  it("merges * (only names the plan's schema declares) <- service <- service/plan, and fills {run}", () => {
    const inputs = planInputs(
      plan(),
      "designate-zone/primary",
      params({
        "*": {
          parameters: { network: "tenant-net", image: "not-declared" },
          bind: { access_to: "10.0.0.0/8", other: 1 },
        },
        "designate-zone": { parameters: { zone: "svc.example." } },
        "designate-zone/primary": { parameters: { zone: "{run}.example." } },
      }),
      "live-1",
    );
    expect(inputs).toEqual({
      parameters: { network: "tenant-net", zone: "live-1.example." },
      bind: { access_to: "10.0.0.0/8" },
      problems: [],
    });
  });

  it("values the broker would refuse are problems with the broker's own message", () => {
    const inputs = planInputs(
      plan(),
      "designate-zone/primary",
      params({ "designate-zone": { parameters: { zone: "no-dot", ttl: 10 ** 6 }, bind: { access_to: "x" } } }),
      "r",
    );
    expect(inputs.problems).toHaveLength(1);
    expect(inputs.problems[0]).toMatch(
      /^parameters refused by the broker: parameters\.zone: must match pattern .*; parameters\.ttl: must be <= 86400$/,
    );
  });

  it("{run} is replaced deeply, in strings only", () => {
    expect(withRunId({ a: ["{run}-x", 1], b: { c: "{run}{run}" }, d: null }, "r1")).toEqual({
      a: ["r1-x", 1],
      b: { c: "r1r1" },
      d: null,
    });
  });

  it("the file: YAML of entries with parameters/bind; a wrong shape names the key; keys that name nothing are typos", async () => {
    const dir = await mkdtemp(join(tmpdir(), "live-params-"));
    const write = async (name: string, text: string) => (await writeFile(join(dir, name), text), join(dir, name));
    const good = await loadLiveParams(
      await write("good.yaml", '"*": { parameters: { network: n } }\nnova-vm/small: { bind: {} }\n'),
    );
    expect(good.entries["*"]).toEqual({ parameters: { network: "n" } });
    expect(
      unknownParamKeys({ ...good, entries: { ...good.entries, "nova-vm": {}, "nova-mv/small": {} } }, [
        "nova-vm/small",
      ]),
    ).toEqual(["nova-mv/small"]);
    await expect(loadLiveParams(await write("a.yaml", "nova-vm/small: { params: {} }\n"))).rejects.toThrow(
      /a\.yaml: nova-vm\/small\.params: unknown \(use parameters, bind\)/,
    );
    await expect(loadLiveParams(await write("b.yaml", "- a\n"))).rejects.toThrow(/b\.yaml: must be a mapping/);
    await expect(loadLiveParams(await write("c.yaml", "x: {parameters: [1]}\n"))).rejects.toThrow(
      /c\.yaml: x\.parameters: must be a mapping/,
    );
    await expect(loadLiveParams(join(dir, "missing.yaml"))).rejects.toThrow(
      /missing\.yaml: cannot read the parameters file \(ENOENT\)/,
    );
  });

  it("the shipped test/live/live-params.yaml gives every plan of catalog/ what it needs, and names only plans that exist", async () => {
    const catalog = await loadCatalog({ catalogDir: join(ROOT, "catalog"), stacksDir: join(ROOT, "stacks") });
    const shipped = await loadLiveParams(join(ROOT, "test/live/live-params.yaml"));
    const names = catalog.services.flatMap((s) => s.plans.map((p) => ({ name: `${s.name}/${p.name}`, plan: p })));
    expect(
      unknownParamKeys(
        shipped,
        names.map((n) => n.name),
      ),
    ).toEqual([]);
    const problems = names.flatMap(({ name, plan: p }) =>
      planInputs(p, name, shipped, "live-test1").problems.map((problem) => `${name}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });
});
