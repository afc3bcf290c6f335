/**
 * The provider's own acceptance configurations (test/acceptance/corpus, extracted from
 * terraform-provider-openstack 3.4.0's openstack/*_test.go) against the simulator: every config
 * alone (init, validate, plan, apply, an empty plan after apply, destroy, nothing left behind), then
 * every multi-step test as its sequence of updates, in the fast reattach mode with a bounded pool; a
 * sample again in the faithful mirror mode (terraform launches the provider). Each outcome MUST
 * equal test/acceptance/expectations.json ("passed" when not listed): a regression and an unexpected
 * success both fail.
 *
 * ACCEPTANCE_CONCURRENCY (default: the CPU count, at least 2) bounds the pool; ACCEPTANCE_MIRROR=all
 * runs every config in mirror mode too; ACCEPTANCE_UPDATE_EXPECTATIONS=1 (through
 * `npm run gen:acceptance -- --update-expectations`) records the outcomes instead of comparing.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestSimulator } from "../helpers/simulator-harness.js";
import { loadCorpus, mapBounded } from "./corpus.js";
import {
  expectedOutcome,
  loadExpectations,
  ORDER_DEPENDENT,
  updatedEntries,
  UNREVIEWED,
  writeExpectations,
  type Observed,
} from "./expectations.js";
import { acceptanceProviderEnv, acceptanceSimulatorConfig, simulatorFacts } from "./extract/simulator-facts.js";
import { runSteps, type RunOutcome, type RunStep } from "./run-config.js";

const corpus = loadCorpus();
const expectations = loadExpectations();
const UPDATE = process.env.ACCEPTANCE_UPDATE_EXPECTATIONS === "1";
/** While the expectations are rewritten they are not checked: the titles say so. */
const skippedWhileUpdating = (title: string) =>
  UPDATE ? `${title} (SKIPPED: ACCEPTANCE_UPDATE_EXPECTATIONS=1 rewrites the expectations instead)` : title;
const CONCURRENCY = Number(process.env.ACCEPTANCE_CONCURRENCY ?? Math.max(2, availableParallelism()));

/** Mirror-mode sample: one config per service family the stacks rely on most. */
const MIRROR_SAMPLE = [
  "testAccDatabaseV1InstanceBasic",
  "testAccComputeV2InstanceBasic",
  "testAccOrchestrationV1StackBasic",
  "testAccLbV2ListenerConfigBasic",
  "testAccObjectStorageV1ObjectBasic",
  "testAccSFSV2ShareAccessConfigBasic",
];
const mirrorIds = process.env.ACCEPTANCE_MIRROR === "all" ? corpus.configs.map((c) => c.id) : MIRROR_SAMPLE;

/** Configs not run alone (expectations.ts ORDER_DEPENDENT): their sequences run them. */
const orderDependent = new Set(
  Object.entries(expectations.configs)
    .filter(([, e]) => e.outcome === ORDER_DEPENDENT)
    .map(([id]) => id),
);
const aloneIds = corpus.configs.map((c) => c.id).filter((id) => !orderDependent.has(id));

const sequences = corpus.index.tests
  .map((t) => ({ name: t.name, steps: corpus.sequence(t) }))
  .filter((s): s is { name: string; steps: RunStep[] } => s.steps !== undefined && s.steps.length > 1);

interface Job {
  readonly kind: "configs" | "sequences" | "mirror";
  readonly id: string;
  readonly steps: readonly RunStep[];
}

const results = {
  configs: new Map<string, RunOutcome>(),
  sequences: new Map<string, RunOutcome>(),
  mirror: new Map<string, RunOutcome>(),
};
const timing = { reattachSeconds: 0, mirrorSeconds: 0 };

// The provider's environment as upstream's CI sets it (OS_POOL_NAME...): a reattached provider
// serves from this process, a launched one inherits terraform's environment, which includes it.
Object.assign(process.env, acceptanceProviderEnv());

const configDir = mkdtempSync(join(tmpdir(), "acceptance-corpus-"));
const configFile = join(configDir, "simulator.json");
writeFileSync(configFile, JSON.stringify(acceptanceSimulatorConfig()));

async function runJob(job: Job): Promise<void> {
  // A cloud of its own per job: configs stay independent (names, lookups, quotas) at any concurrency.
  const simulator = await createTestSimulator({ mode: job.kind === "mirror" ? "mirror" : "reattach", configFile });
  try {
    results[job.kind].set(job.id, await runSteps(simulator, job.steps));
  } catch (error) {
    results[job.kind].set(job.id, { outcome: "runner error", error: String(error), seconds: 0 });
  } finally {
    await simulator.cleanup();
  }
}

beforeAll(async () => {
  let started = Date.now();
  const reattach: Job[] = [
    ...aloneIds.map((id): Job => ({ kind: "configs", id, steps: [corpus.step(id)] })),
    ...sequences.map((s): Job => ({ kind: "sequences", id: s.name, steps: s.steps })),
  ];
  await mapBounded(reattach, CONCURRENCY, runJob);
  timing.reattachSeconds = (Date.now() - started) / 1000;
  started = Date.now();
  const mirror = UPDATE ? [] : mirrorIds.map((id): Job => ({ kind: "mirror", id, steps: [corpus.step(id)] }));
  await mapBounded(mirror, CONCURRENCY, runJob);
  timing.mirrorSeconds = (Date.now() - started) / 1000;
  if (UPDATE) {
    // MUST record every entry: a partial run would drop the expectations of those that did not run.
    if (results.configs.size !== aloneIds.length || results.sequences.size !== sequences.length)
      throw new Error("not every entry ran");
    writeExpectations({
      configs: updatedEntries(expectations.configs, results.configs as ReadonlyMap<string, Observed>),
      sequences: updatedEntries(expectations.sequences, results.sequences as ReadonlyMap<string, Observed>),
    });
  }
}, 30 * 60_000);

afterAll(() => {
  rmSync(configDir, { recursive: true, force: true });
  const count = (map: ReadonlyMap<string, RunOutcome>) => {
    const byOutcome = new Map<string, number>();
    for (const r of map.values()) byOutcome.set(r.outcome, (byOutcome.get(r.outcome) ?? 0) + 1);
    return [...byOutcome].map(([o, n]) => `${n} ${o}`).join(", ");
  };
  console.log(
    [
      `acceptance corpus: ${results.configs.size} configs (${count(results.configs)}; ${orderDependent.size} order-dependent, not run alone),`,
      `${results.sequences.size} multi-step tests (${count(results.sequences)}) in ${timing.reattachSeconds.toFixed(1)} s (reattach, ${CONCURRENCY} at once);`,
      `mirror mode: ${results.mirror.size} configs (${count(results.mirror)}) in ${timing.mirrorSeconds.toFixed(1)} s.`,
    ].join(" "),
  );
});

function check(kind: "configs" | "sequences" | "mirror", id: string): void {
  const result = results[kind].get(id);
  const entries = kind === "sequences" ? expectations.sequences : expectations.configs;
  expect(result, `${id} did not run`).toBeDefined();
  expect(result!.outcome, `${id}: ${result!.error ?? ""}`).toBe(expectedOutcome(entries, id));
}

describe.skipIf(UPDATE)(skippedWhileUpdating("the acceptance corpus on the simulator"), () => {
  describe("each config (reattach)", () => {
    test.each(aloneIds)("%s", (id) => check("configs", id));
  });
  describe("each order-dependent config is a step of a sequence that runs", () => {
    const stepsRun = new Set(
      sequences.flatMap((s) => corpus.index.tests.find((t) => t.name === s.name)!.steps.map((step) => step.config)),
    );
    test.each([...orderDependent])("%s", (id) => expect(stepsRun.has(id), `${id} runs in no sequence`).toBe(true));
  });
  describe("each multi-step test, its steps applied in order (reattach)", () => {
    test.each(sequences.map((s) => s.name))("%s", (name) => check("sequences", name));
  });
  describe("a sample in mirror mode (terraform launches the provider)", () => {
    test.each(mirrorIds)("%s", (id) => check("mirror", id));
  });
});

describe.skipIf(UPDATE)(skippedWhileUpdating("the expectations file"), () => {
  test("names only corpus entries", () => {
    const ids = new Set(corpus.configs.map((c) => c.id));
    const names = new Set(sequences.map((s) => s.name));
    expect(Object.keys(expectations.configs).filter((id) => !ids.has(id))).toEqual([]);
    expect(Object.keys(expectations.sequences).filter((name) => !names.has(name))).toEqual([]);
  });
  test("gives a reviewed reason for every failure it expects", () => {
    const all = [...Object.entries(expectations.configs), ...Object.entries(expectations.sequences)];
    expect(all.filter(([, e]) => !e.reason || e.reason.startsWith(UNREVIEWED)).map(([id]) => id)).toEqual([]);
  });
});

test("the corpus was generated with the simulator's current inventory (else: npm run gen:acceptance)", () => {
  expect(corpus.index.facts).toEqual(simulatorFacts());
});
