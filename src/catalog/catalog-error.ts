/** One thing wrong with the catalog: where (file and field path) and what. */
export interface CatalogProblem {
  /** The file, relative to the catalog directory's parent (`catalog/trove.yaml`), or the directory. */
  readonly file: string;
  /** The field path inside the file (`services[0].plans[1].id`); empty for the whole file. */
  readonly path: string;
  /** What is wrong (`must be unique`). */
  readonly message: string;
}

/** Renders a problem as `catalog/x.yaml: services[0].plans[1].id: must be unique`. */
export function formatProblem(problem: CatalogProblem): string {
  return problem.path ? `${problem.file}: ${problem.path}: ${problem.message}` : `${problem.file}: ${problem.message}`;
}

/**
 * The catalog cannot be used. Carries every problem found (validation collects them all rather than
 * stopping at the first), one per line of `message`.
 */
export class CatalogError extends Error {
  constructor(readonly problems: readonly CatalogProblem[]) {
    super(
      problems.length === 1
        ? `invalid catalog: ${formatProblem(problems[0])}`
        : `invalid catalog (${problems.length} problems):\n${problems.map((p) => `  ${formatProblem(p).replace(/\n/g, "\n    ")}`).join("\n")}`,
    );
    this.name = "CatalogError";
  }
}

/** Collects problems for one file; `path` helpers keep field paths consistent. */
export class ProblemList {
  readonly problems: CatalogProblem[] = [];

  /** Records a problem in `file` at `path`. */
  add(file: string, path: string, message: string): void {
    this.problems.push({ file, path, message });
  }

  /** Throws a CatalogError when anything was recorded. */
  throwIfAny(): void {
    if (this.problems.length > 0) throw new CatalogError(this.problems);
  }
}

/** Joins a field path: `join("services[0]", "id")` → `services[0].id`; numbers become `[n]`. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  if (!/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base ? `${base}.${key}` : key;
}
