/**
 * Builds the acceptance corpus from the provider's Go test package: every step config of every
 * acceptance test in the test files of the given resource types and data sources, evaluated with
 * the simulator's facts, deduplicated, with where it came from.
 */
import type {
  CorpusCheck,
  CorpusConfig,
  CorpusGap,
  CorpusIndex,
  CorpusStep,
  CorpusTest,
  CorpusUse,
} from "../corpus-types.js";
import { readAcceptanceTests, type AcceptanceTest } from "./acceptance-tests.js";
import { DeterministicRandom, type BuiltinContext } from "./go-builtins.js";
import { GoEvaluator } from "./go-eval.js";
import { dependencies, getenvName, type GoPackage } from "./go-package.js";
import { GoScope } from "./go-scope.js";
import type { GoValue } from "./go-values.js";
import { sequenceSteps } from "../sequences.js";
import { extractChecks, mergeChecks } from "./step-checks.js";

/** Options of {@link buildCorpus}. */
export interface BuildCorpusOptions {
  readonly pkg: GoPackage;
  /** Test files to read acceptance tests from (names as in `pkg`). */
  readonly testFiles: readonly string[];
  readonly resourceTypes: readonly string[];
  readonly dataSources: readonly string[];
  readonly facts: Readonly<Record<string, string>>;
  /** The header of every .tf file and the index's license note. */
  readonly license: string;
  readonly source: string;
  readonly generatedBy: string;
}

/** The index and the HCL of each config (file name → text, header not included). */
export interface BuiltCorpus {
  readonly index: CorpusIndex;
  readonly hcl: ReadonlyMap<string, string>;
}

interface Draft {
  id: string;
  name: string;
  hcl: string;
  definedIn: { file: string; line: number };
  usedBy: CorpusUse[];
  env: Set<string>;
  preChecks: Set<string>;
  skips: (string | undefined)[];
  expectError?: string;
  expectNonEmptyPlan: boolean;
  files?: Record<string, string>;
  /** Each use's static checks. */
  checks: { test: string; step: number; checks: CorpusCheck[] }[];
  unchecked: number;
}

/** Extracts the corpus. Configs appear in the order of the tests that first use them. */
export function buildCorpus(options: BuildCorpusOptions): BuiltCorpus {
  const drafts: Draft[] = [];
  const tests: CorpusTest[] = [];
  const gaps: CorpusGap[] = [];
  for (const file of options.testFiles) {
    for (const test of readAcceptanceTests(options.pkg, file)) {
      tests.push({
        name: test.name,
        file,
        line: test.line,
        steps: extractSteps(test, options, drafts, gaps),
        upstreamSkip: test.upstreamSkip,
      });
    }
  }
  // A config alone starts from nothing, as a first step does: it is checked with what its first
  // steps assert (and the steps of tests that do not run as a sequence, else nothing would check
  // them); a later step's checks hold after the steps before it and are checked in its sequence.
  const sequenced = new Set(tests.filter((t) => sequenceSteps(t) !== undefined).map((t) => t.name));
  const configs = drafts.map(
    (d): CorpusConfig => ({
      id: d.id,
      file: `${d.id}.tf`,
      definedIn: d.definedIn,
      usedBy: d.usedBy,
      resourceTypes: blockTypes(d.hcl, "resource"),
      dataSources: blockTypes(d.hcl, "data"),
      env: [...d.env].sort(),
      preChecks: [...d.preChecks].sort(),
      upstreamSkip: d.skips.every((s) => s !== undefined) ? d.skips[0] : undefined,
      expectError: d.expectError,
      expectNonEmptyPlan: d.expectNonEmptyPlan,
      checks: mergeChecks(d.checks.filter((u) => u.step === 1 || !sequenced.has(u.test)).map((u) => u.checks)),
      uncheckedCount: d.unchecked,
      files: d.files,
    }),
  );
  const index: CorpusIndex = {
    license: options.license,
    source: options.source,
    generatedBy: options.generatedBy,
    resourceTypes: options.resourceTypes,
    dataSources: options.dataSources,
    testFiles: options.testFiles.map((f) => `openstack/${f}`),
    facts: options.facts,
    configs,
    tests: tests.filter((t) => t.steps.length > 1),
    gaps,
  };
  return { index, hcl: new Map(drafts.map((d) => [`${d.id}.tf`, d.hcl])) };
}

function extractSteps(
  test: AcceptanceTest,
  options: BuildCorpusOptions,
  drafts: Draft[],
  gaps: CorpusGap[],
): CorpusStep[] {
  const env = new Set<string>();
  const ctx: BuiltinContext = {
    env: (name) => {
      env.add(name);
      return options.facts[name] ?? "";
    },
    // One fixed seed, a fresh sequence per test: the same config function with the same random
    // arguments in several tests yields one corpus entry, stable across runs and machines.
    random: new DeterministicRandom("openstack-acceptance"),
    tempFiles: [],
  };
  const evaluator = new GoEvaluator(options.pkg, ctx);
  const locals = new GoScope(evaluator.globals);
  locals.set("t", null);
  evaluator.runStatements(test.decl.body, locals, "ignore");
  return test.steps.map((step): CorpusStep => {
    const gap = (reason: string): CorpusStep => {
      gaps.push({ test: test.name, file: test.file, line: step.line, step: step.number, reason });
      return { step: step.number, notRun: reason };
    };
    if (step.importState) return gap("import step (no config)");
    if (!step.config) return gap("step without a Config");
    env.clear();
    evaluator.globalReads.clear();
    ctx.tempFiles.length = 0;
    let value: GoValue;
    try {
      value = evaluator.evaluate(step.config, locals);
    } catch (error) {
      return gap(`not extractable: ${(error as Error).message}`);
    }
    if (typeof value !== "string") return gap(`the Config is not a string`);
    const files: Record<string, string> = {};
    for (const file of ctx.tempFiles) {
      const content = evaluator.contentOf(file);
      if (file !== null && typeof file === "object") files[file.name] = typeof content === "string" ? content : "";
    }
    for (const name of dependencies(options.pkg, evaluator.globalReads)) {
      const variable = getenvName(options.pkg.values.get(name));
      if (variable) env.add(variable);
    }
    const name = configName(step.config.map((t) => t.value));
    const draft = findOrAdd(drafts, name, value.trim() + "\n", options.pkg);
    draft.usedBy.push({ test: test.name, file: test.file, line: step.line, step: step.number });
    test.preChecks.forEach((p) => draft.preChecks.add(p));
    draft.skips.push(test.upstreamSkip);
    draft.expectError ??= step.expectError;
    draft.expectNonEmptyPlan ||= step.expectNonEmptyPlan;
    if (Object.keys(files).length > 0) draft.files = files;
    const { checks, unchecked } = extractChecks(step.check ?? [], evaluator, locals);
    draft.checks.push({ test: test.name, step: step.number, checks });
    draft.unchecked += unchecked;
    env.forEach((v) => draft.env.add(v));
    return {
      step: step.number,
      config: draft.id,
      expectNonEmptyPlan: step.expectNonEmptyPlan || undefined,
      destroy: step.destroy || undefined,
      checks,
    };
  });
}

/** `testAccA` / `testAccA+testAccB`: the config functions and constants the Config expression names. */
function configName(words: readonly string[]): string {
  const names = words.filter((w, i) => /^[tT]estAcc/.test(w) && words.indexOf(w) === i);
  return names.length > 0 ? names.join("+") : "config";
}

function findOrAdd(drafts: Draft[], name: string, hcl: string, pkg: GoPackage): Draft {
  const same = drafts.filter((d) => d.name === name);
  const existing = same.find((d) => d.hcl === hcl);
  if (existing) return existing;
  const first = name.split("+")[0];
  const decl = pkg.funcs.get(first) ?? pkg.values.get(first);
  const draft: Draft = {
    id: same.length === 0 ? name : `${name}~${same.length + 1}`,
    name,
    hcl,
    definedIn: { file: `openstack/${decl?.file ?? "?"}`, line: decl?.line ?? 0 },
    usedBy: [],
    env: new Set(),
    preChecks: new Set(),
    skips: [],
    expectNonEmptyPlan: false,
    checks: [],
    unchecked: 0,
  };
  drafts.push(draft);
  return draft;
}

/** The resource (or data source) types of `hcl`'s blocks, sorted. */
export function blockTypes(hcl: string, keyword: "resource" | "data"): string[] {
  const pattern = new RegExp(`^\\s*${keyword}\\s+"([A-Za-z0-9_]+)"`, "gm");
  return [...new Set([...hcl.matchAll(pattern)].map((m) => m[1]))].sort();
}
