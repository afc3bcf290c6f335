/** Reads the committed acceptance corpus (test/acceptance/corpus/). */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CorpusConfig, CorpusIndex, CorpusStep, CorpusTest } from "./corpus-types.js";
import type { RunStep } from "./run-config.js";
import { sequenceSteps } from "./sequences.js";

/** The corpus directory next to this file. */
export const CORPUS_PATH = join(dirname(fileURLToPath(import.meta.url)), "corpus");

/** The corpus index and each config's HCL. */
export interface LoadedCorpus {
  readonly index: CorpusIndex;
  readonly configs: readonly CorpusConfig[];
  /** The config `id` as a run step (HCL read from its .tf file), alone or as the step `own` of a sequence. */
  step(id: string, own?: CorpusStep): RunStep;
  /** The steps of a multi-step test (import steps left out), or undefined when it is not a sequence (sequences.ts). */
  sequence(test: CorpusTest): RunStep[] | undefined;
}

/** Loads the corpus synchronously (vitest needs the list of configs when it collects tests). */
export function loadCorpus(dir: string = CORPUS_PATH): LoadedCorpus {
  const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as CorpusIndex;
  const byId = new Map(index.configs.map((c) => [c.id, c]));
  const step = (id: string, own?: CorpusStep): RunStep => {
    const config = byId.get(id);
    if (!config) throw new Error(`no config ${id} in the corpus`);
    return {
      hcl: readFileSync(join(dir, config.file), "utf8"),
      files: config.files,
      // A step of a sequence has its own flags and checks; a config alone, those of all its uses.
      expectNonEmptyPlan: own ? (own.expectNonEmptyPlan ?? false) : config.expectNonEmptyPlan,
      checks: own ? own.checks : config.checks,
      destroy: own?.destroy,
    };
  };
  return {
    index,
    configs: index.configs,
    step,
    sequence(test) {
      return sequenceSteps(test)?.map((s) => step(s.config!, s));
    },
  };
}

/** Runs `work` over `items` with at most `limit` at once; results in the order of `items`. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
