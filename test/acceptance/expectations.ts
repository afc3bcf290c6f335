/**
 * test/acceptance/expectations.json: the corpus entries that do not pass on the simulator, each
 * with the outcome it has and a reviewed reason. Any entry not listed is expected to pass. The test
 * fails on every difference: a new failure (a regression) and a new success (update the file).
 *
 * Updating: `npm run gen:acceptance -- --update-expectations` records the observed outcomes; a
 * reason is kept while its outcome is unchanged, a new or changed one is written as
 * "UNREVIEWED: <error>" and the test refuses it until a human writes the reason.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** One expected non-passing outcome. */
export interface Expectation {
  /** The stage that fails (`plan`, `apply`, `step 2: apply`...), as the runner names it. */
  readonly outcome: string;
  /** Why: a limitation of the simulator, a resource the simulated cloud cannot have, an upstream skip... */
  readonly reason: string;
  /** The diagnostic seen when the outcome was recorded (for the reviewer; not compared). */
  readonly error?: string;
}

/** The file's content. */
export interface ExpectationsFile {
  readonly comment: readonly string[];
  /** Single configurations by corpus id. */
  readonly configs: Readonly<Record<string, Expectation>>;
  /** Multi-step tests (the steps applied in order) by Go test name. */
  readonly sequences: Readonly<Record<string, Expectation>>;
}

/** Marks a reason the update wrote and no one has reviewed yet. */
export const UNREVIEWED = "UNREVIEWED";

/**
 * The outcome of a config that is not run alone: on any cloud its outcome alone depends on the
 * order terraform happens to run independent nodes in (a data source read in parallel with the
 * create of what it looks for). Upstream runs it only after earlier steps, and so does its sequence here.
 */
export const ORDER_DEPENDENT = "order-dependent";

/** The expectations file next to this module. */
export const EXPECTATIONS_PATH = join(dirname(fileURLToPath(import.meta.url)), "expectations.json");

const COMMENT = [
  "Corpus entries that do not pass on the simulator (all others must pass), with the reason.",
  "Regenerate with `npm run gen:acceptance -- --update-expectations`, then replace every UNREVIEWED reason.",
];

/** Reads the expectations (an absent file is an empty one). */
export function loadExpectations(path: string = EXPECTATIONS_PATH): ExpectationsFile {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as ExpectationsFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { comment: COMMENT, configs: {}, sequences: {} };
    throw error;
  }
}

/** The outcome expected for `id` ("passed" when it is not listed). */
export function expectedOutcome(entries: Readonly<Record<string, Expectation>>, id: string): string {
  return entries[id]?.outcome ?? "passed";
}

/** An observed outcome, as recorded. */
export interface Observed {
  readonly outcome: string;
  readonly error?: string;
}

/**
 * The entries for `observed`: non-passing ones only, reasons kept while the outcome is unchanged;
 * order-dependent entries (not run, so not observed) are kept as they are.
 */
export function updatedEntries(
  previous: Readonly<Record<string, Expectation>>,
  observed: ReadonlyMap<string, Observed>,
): Record<string, Expectation> {
  const out: Record<string, Expectation> = {};
  const kept = Object.entries(previous).filter(([id, e]) => e.outcome === ORDER_DEPENDENT && !observed.has(id));
  for (const [id, seen] of [...observed, ...kept].sort(([a], [b]) => a.localeCompare(b))) {
    if (seen.outcome === "passed") continue;
    const before = previous[id];
    const reason =
      before && before.outcome === seen.outcome && !before.reason.startsWith(UNREVIEWED)
        ? before.reason
        : `${UNREVIEWED}: ${seen.error ?? seen.outcome}`;
    out[id] = { outcome: seen.outcome, reason, ...(seen.error ? { error: seen.error } : {}) };
  }
  return out;
}

/** Writes the expectations file. */
export function writeExpectations(file: Omit<ExpectationsFile, "comment">, path: string = EXPECTATIONS_PATH): void {
  writeFileSync(path, `${JSON.stringify({ comment: COMMENT, ...file }, null, 2)}\n`);
}
