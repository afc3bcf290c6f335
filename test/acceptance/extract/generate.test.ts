import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { CORPUS_DIR, DEFAULT_REFERENCE_DIR, generateCorpus, typesUsedByStacks } from "./generate.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const reference = resolve(root, process.env.PROVIDER_SOURCE_DIR ?? DEFAULT_REFERENCE_DIR);
const present = existsSync(join(reference, "openstack"));

test("the corpus covers every resource type and data source the stacks import", async () => {
  const index = JSON.parse(readFileSync(join(root, CORPUS_DIR, "index.json"), "utf8")) as {
    resourceTypes: string[];
    dataSources: string[];
  };
  const used = await typesUsedByStacks(join(root, "stacks"));
  expect(index.resourceTypes).toEqual(used.resourceTypes);
  expect(index.dataSources).toEqual(used.dataSources);
});

const title = present
  ? `regenerated from the reference (${DEFAULT_REFERENCE_DIR})`
  : `SKIPPED: the provider reference source ${reference} is absent (set PROVIDER_SOURCE_DIR; regeneration not checked)`;

describe.skipIf(!present)(title, () => {
  test("equals the committed corpus (else: npm run gen:acceptance)", async () => {
    const generated = await generateCorpus(reference, join(root, "stacks"));
    const dir = join(root, CORPUS_DIR);
    expect([...generated.files.keys()].sort()).toEqual(readdirSync(dir).sort());
    for (const [name, content] of generated.files) expect(readFileSync(join(dir, name), "utf8"), name).toBe(content);
    expect(generated.missingTestFiles).toEqual([]);
  }, 60_000);
});

test("says that the reference is absent when it is (the committed corpus is used as it is)", async () => {
  // Always run, with a directory that cannot exist, so this check does not depend on the machine.
  await expect(generateCorpus(join(root, ".no-provider-reference"), join(root, "stacks"))).rejects.toThrow(
    /the provider reference is absent/,
  );
});
