import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useCompiledModules } from "./import-stack.js";
import { checkStackOnce } from "./stack-verdicts.js";
import { openVerdictCache } from "./verdict-cache.js";
import { loadYamlCached } from "./yaml-cache.js";
import { compileCheckedSchema, compileSchema, DRAFT_2020_12 } from "./schema-compiler.js";
import type { PlanDefinition, ServiceOffering } from "../domain/service-catalog.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "start-up-caches-"));
});
afterEach(async () => {
  useCompiledModules(undefined);
  await rm(dir, { recursive: true, force: true });
});

describe("the verdict cache", () => {
  it("keeps the keys added, for the next open; a damaged file is an empty cache", async () => {
    const first = openVerdictCache("checks", dir);
    expect(first.has("a")).toBe(false);
    first.add("a");
    first.save();
    const second = openVerdictCache("checks", dir);
    expect(second.has("a")).toBe(true);
    expect(second.has("b")).toBe(false);
    await writeFile(join(dir, "checks.json"), "{not json");
    expect(openVerdictCache("checks", dir).has("a")).toBe(false);
  });
});

describe("catalog YAML kept as JSON", () => {
  const counting = () => {
    let calls = 0;
    return { parse: (text: string) => (calls++, load(text)), calls: () => calls };
  };

  it("parses a text once; a changed text is parsed again", () => {
    const parser = counting();
    const text = "services:\n  - name: a\n    plans: [{ name: small, free: true, size: 1.5 }]\n";
    expect(loadYamlCached(text, parser.parse, dir)).toEqual(load(text));
    expect(loadYamlCached(text, parser.parse, dir)).toEqual(load(text));
    expect(parser.calls()).toBe(1);
    expect(loadYamlCached(`${text}# edited\n`, parser.parse, dir)).toEqual(load(text));
    expect(parser.calls()).toBe(2);
  });

  it("never keeps what JSON would change (a Date, NaN) nor a parse error", async () => {
    let calls = 0;
    const dated = () => (calls++, { when: new Date(0), ratio: Number.NaN });
    expect(loadYamlCached("when: 1970-01-01\n", dated, dir)).toEqual({ when: new Date(0), ratio: Number.NaN });
    expect(loadYamlCached("when: 1970-01-01\n", dated, dir)).toEqual({ when: new Date(0), ratio: Number.NaN });
    expect(calls).toBe(2);
    expect(() => loadYamlCached("a: [1,\n", (text) => load(text), dir)).toThrow();
    expect(await readdir(join(dir, "yaml")).catch(() => [])).toEqual([]);
  });
});

describe("stack checks kept for stacks of the build", () => {
  const service = { id: "s", name: "s", plans: [] } as unknown as ServiceOffering;
  const plan = { id: "p", name: "small", stack: "x" } as unknown as PlanDefinition;
  const stackFile = join(tmpdir(), "start-up-caches", "stacks/x/index.ts");

  it("always runs the check of a stack not loaded from the build (tsx, a platform engineer's)", () => {
    let runs = 0;
    for (let i = 0; i < 2; i++) checkStackOnce(stackFile, service, plan, () => (runs++, true));
    expect(runs).toBe(2);
  });

  it("runs a build's stack check once while its inputs are the same; a failed check always runs", () => {
    useCompiledModules({
      buildId: randomUUID(),
      compiledOf: (file) => (file.endsWith("index.ts") ? file.replace(/\.ts$/, ".js") : undefined),
      registerTypeScript: async () => {},
    });
    let runs = 0;
    for (let i = 0; i < 2; i++) checkStackOnce(stackFile, service, plan, () => (runs++, true));
    expect(runs).toBe(1);
    // Another plan (or the same plan changed) is another key.
    checkStackOnce(stackFile, service, { ...plan, defaults: { size: 2 } }, () => (runs++, true));
    expect(runs).toBe(2);
    const failing = { ...plan, name: "broken" };
    for (let i = 0; i < 2; i++) checkStackOnce(stackFile, service, failing, () => (runs++, false));
    expect(runs).toBe(4);
  });
});

describe("a checked schema compiled without the meta-schema check", () => {
  it("validates as the checked compile does (formats, required, both dialects)", () => {
    for (const $schema of [undefined, DRAFT_2020_12]) {
      const schema = () => ({
        ...($schema ? { $schema } : {}),
        type: "object",
        properties: { mail: { type: "string", format: "email" }, size: { type: "integer", maximum: 3 } },
        required: ["size"],
      });
      const checked = compileSchema(schema());
      const fast = compileCheckedSchema(schema());
      for (const value of [{ size: 1 }, { size: 4 }, { mail: "nope", size: 1 }, { mail: "a@b.example" }, {}]) {
        expect(fast(value), JSON.stringify(value)).toBe(checked(value));
        expect(fast.errors ?? null).toEqual(checked.errors ?? null);
      }
    }
  });
});
