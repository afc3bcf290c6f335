import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLiveRun, type LiveRun } from "./live-run.js";
import { readLiveSettings } from "./settings.js";
import { loadCatalog } from "../../src/catalog/load-catalog.js";
import { selectPlans } from "./plan-selection.js";

/**
 * The live test (docs/live-test.md): every selected plan provisioned, bound, unbound and
 * deprovisioned on the real cloud OS_CLOUD names, through a real broker process and the real
 * terraform-provider-openstack 3.4.0. Run with `OS_CLOUD=<cloud> npm run test:live`; never part of
 * `npm test`. Refuses (throws at collection) without OS_CLOUD.
 */
const settings = readLiveSettings(process.env);
const catalog = await loadCatalog({ catalogDir: settings.catalogDir, stacksDir: settings.stacksDir });
const names = settings.cleanupDir ? [] : selectPlans(catalog.services, settings.plans).map((p) => p.name);

let run: LiveRun | undefined;
beforeAll(async () => {
  run = await startLiveRun({ settings, print: (text) => process.stdout.write(text) });
});
afterAll(async () => {
  await run?.close();
});

describe(`live test on cloud "${settings.cloud}"`, () => {
  it("preflight: terraform, the real provider, clouds.yaml, parameters and every plan's terraform plan", () => {
    const missing = [
      ...run!.preflight.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`),
      ...run!.preflight.plans.filter((p) => !p.ok).map((p) => `${p.name}: ${p.problems.join("; ")}`),
    ];
    expect(missing, "what the live test needs (the preflight above says how to provide it)").toEqual([]);
  });

  if (settings.cleanupDir) {
    it(`cleanup: deprovision every instance left in ${settings.cleanupDir}`, async () => {
      const results = await run!.cleanup();
      expect(
        results.filter((r) => !r.passed).map((r) => `${r.instanceId}: ${r.steps.map((s) => s.message).join("; ")}`),
      ).toEqual([]);
    });
  } else if (!settings.preflightOnly) {
    it.each(names)("%s: provision, bind, unbind, deprovision", async (name) => {
      const result = await run!.runPlan(name);
      const failures = result.steps.filter((s) => s.status === "failed").map((s) => `${s.step}: ${s.message}`);
      expect({ failures, leftovers: result.leftovers }).toEqual({ failures: [], leftovers: [] });
    });
  }
});
