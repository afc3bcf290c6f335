/**
 * The acceptance corpus: the provider's own acceptance-test configurations (HCL), extracted from
 * terraform-provider-openstack 3.4.0's `openstack/*_test.go` (MPL-2.0) by
 * scripts/extract-acceptance-configs.ts, with the test environment's facts (OS_* variables) filled
 * with the simulator's inventory. Committed under test/acceptance/corpus/: `index.json` and one
 * `<id>.tf` per configuration.
 */

/** Where a configuration is used: a step of an acceptance test. */
export interface CorpusUse {
  readonly test: string;
  readonly file: string;
  readonly line: number;
  /** 1-based step number. */
  readonly step: number;
}

/**
 * A state check of the step, as terraform-plugin-testing's helpers read the flatmap state
 * (`user.0.name`, `tags.#`, `metadata.%`): TestCheckResourceAttr (equals), TestCheckResourceAttrSet
 * (set), TestCheckNoResourceAttr (absent), TestCheckResourceAttrPair (pair).
 */
export interface CorpusCheck {
  readonly kind: "equals" | "set" | "absent" | "pair";
  readonly address: string;
  readonly key: string;
  readonly value?: string;
  readonly otherAddress?: string;
  readonly otherKey?: string;
}

/** One configuration of the corpus (the HCL itself is in `file`). */
export interface CorpusConfig {
  /** The Go name(s) of the config (`a+b` when concatenated; `~2`... for a variant with other arguments). */
  readonly id: string;
  /** The `.tf` file, relative to the corpus directory. */
  readonly file: string;
  /** Where the config is defined in the reference. */
  readonly definedIn: { readonly file: string; readonly line: number };
  readonly usedBy: readonly CorpusUse[];
  readonly resourceTypes: readonly string[];
  readonly dataSources: readonly string[];
  /** The OS_* variables the config reads (their values are in the index's `facts`). */
  readonly env: readonly string[];
  /** The PreCheck calls of the tests using it (admin only, per-service environments...). */
  readonly preChecks: readonly string[];
  /** `t.Skip` message when every test using it is skipped upstream. */
  readonly upstreamSkip?: string;
  /** The step's ExpectError pattern: upstream expects this config to fail. */
  readonly expectError?: string;
  /** Upstream expects a non-empty plan after applying it. */
  readonly expectNonEmptyPlan: boolean;
  /**
   * The static state checks of the config run alone: those of its uses as a test's first step and
   * of tests that do not run as a sequence (several: their union, conflicting ones left out). A
   * later step's checks hold after the steps before it: its sequence runs them (CorpusStep.checks).
   */
  readonly checks: readonly CorpusCheck[];
  /** Checks of its steps the extractor could not evaluate (pointers, Go-side functions...). */
  readonly uncheckedCount: number;
  /** Files the config reads (name relative to the working directory → content). */
  readonly files?: Readonly<Record<string, string>>;
}

/** A step of a multi-step test: which config, or why it is not in the corpus. */
export interface CorpusStep {
  readonly step: number;
  readonly config?: string;
  readonly expectNonEmptyPlan?: boolean;
  /** `Destroy: true`: the step destroys instead of applying. */
  readonly destroy?: boolean;
  /** The step's own state checks. */
  readonly checks?: readonly CorpusCheck[];
  /** Why the step is not run (import step, not extractable...). */
  readonly notRun?: string;
}

/** An acceptance test whose steps form a sequence (update paths). */
export interface CorpusTest {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly steps: readonly CorpusStep[];
  readonly upstreamSkip?: string;
}

/** A step the extractor could not turn into a config, and why. */
export interface CorpusGap {
  readonly test: string;
  readonly file: string;
  readonly line: number;
  readonly step: number;
  readonly reason: string;
}

/** test/acceptance/corpus/index.json */
export interface CorpusIndex {
  readonly license: string;
  readonly source: string;
  readonly generatedBy: string;
  /** The resource types and data sources the stacks use, whose test files were read. */
  readonly resourceTypes: readonly string[];
  readonly dataSources: readonly string[];
  /** The Go test files read, relative to the provider's root. */
  readonly testFiles: readonly string[];
  /** OS_* variable → the value used (simulator inventory); "" = unset, as in an environment without it. */
  readonly facts: Readonly<Record<string, string>>;
  readonly configs: readonly CorpusConfig[];
  readonly tests: readonly CorpusTest[];
  readonly gaps: readonly CorpusGap[];
}
