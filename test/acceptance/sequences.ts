/**
 * Which acceptance tests run as sequences: every step but the import steps has a config in the
 * corpus, and more than one is left. Shared by the extractor (a config alone is checked with what
 * its first steps assert; later steps are checked in their sequence) and the corpus runner.
 */
import type { CorpusStep, CorpusTest } from "./corpus-types.js";

/** The steps of `test` that run in order, or undefined when it does not run as a sequence. */
export function sequenceSteps(test: CorpusTest): CorpusStep[] | undefined {
  const runnable = test.steps.filter((s) => s.notRun !== "import step (no config)");
  if (runnable.length < 2 || runnable.some((s) => !s.config)) return undefined;
  return runnable;
}
