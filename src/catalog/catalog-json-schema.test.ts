import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { SERVICE_KEYS } from "./parse-file.js";
import { PLAN_KEYS } from "./parse-plan.js";

const ROOT = join(import.meta.dirname, "../..");
const schema = JSON.parse(readFileSync(join(ROOT, "schema/catalog.schema.json"), "utf8"));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
const files = ["catalog", "test/fixtures/catalog"].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(dir, f)),
);

describe("schema/catalog.schema.json", () => {
  it("declares exactly the keys the loader accepts", () => {
    expect(Object.keys(schema.definitions.service.properties).sort()).toEqual([...SERVICE_KEYS].sort());
    expect(Object.keys(schema.definitions.plan.properties).sort()).toEqual([...PLAN_KEYS].sort());
  });

  it.each(files)("accepts %s", (file) => {
    const ok = validate(load(readFileSync(join(ROOT, file), "utf8")));
    expect(validate.errors ?? [], file).toEqual([]);
    expect(ok).toBe(true);
  });

  it("refuses a misspelt key and a bad name, naming where", () => {
    const document = {
      services: [
        {
          id: "s",
          name: "Bad Name",
          description: "d",
          bindable: true,
          plans: [{ id: "p", name: "x", description: "d", stak: "x" }],
        },
      ],
    };
    expect(validate(document)).toBe(false);
    const where = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    expect(where).toContain('/services/0/name must match pattern "^[a-z0-9-]+$"');
    expect(where).toContain("/services/0/plans/0 must have required property 'stack'");
    expect(where).toContain("/services/0/plans/0 must NOT have additional properties");
  });
});
