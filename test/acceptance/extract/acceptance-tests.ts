/**
 * The acceptance tests of a Go test file: each `TestAcc...` function's `resource.Test` /
 * `resource.ParallelTest` case, its PreCheck calls (admin only, per-service environment, `t.Skip`)
 * and its steps (the `Config` expression, ExpectError, ExpectNonEmptyPlan, PlanOnly, import steps).
 */
import type { GoToken } from "./go-lexer.js";
import type { GoFuncDecl, GoPackage } from "./go-package.js";
import { inside, isIdent, isOp, keyedElements, splitTopLevel } from "./go-tokens.js";

/** One `resource.TestStep`. */
export interface AcceptanceStep {
  /** 1-based, as the SDK numbers steps in its messages. */
  readonly number: number;
  readonly line: number;
  /** The `Config:` expression (absent in import-only steps). */
  readonly config?: readonly GoToken[];
  /** The `Check:` expression. */
  readonly check?: readonly GoToken[];
  /** The `ExpectError` regular expression's source. */
  readonly expectError?: string;
  readonly expectNonEmptyPlan: boolean;
  readonly planOnly: boolean;
  /** `ImportState: true`: the step imports instead of applying a config. */
  readonly importState: boolean;
  /** `Destroy: true`: the step destroys its config instead of applying it. */
  readonly destroy: boolean;
  /** The step has a SkipFunc (run-time condition): kept, but noted. */
  readonly skipFunc: boolean;
}

/** One acceptance test function. */
export interface AcceptanceTest {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** The PreCheck calls, e.g. testAccPreCheckAdminOnly. */
  readonly preChecks: readonly string[];
  /** The message of a `t.Skip("...")` in PreCheck: upstream does not run this test. */
  readonly upstreamSkip?: string;
  readonly steps: readonly AcceptanceStep[];
  readonly decl: GoFuncDecl;
}

/** The acceptance tests declared in `file` (a function named TestAcc... with a resource.Test case). */
export function readAcceptanceTests(pkg: GoPackage, file: string): AcceptanceTest[] {
  const tests: AcceptanceTest[] = [];
  for (const decl of pkg.funcs.values()) {
    if (decl.file !== file || !/^TestAcc/.test(decl.name)) continue;
    const testCase = findTestCase(decl.body);
    if (!testCase) continue;
    const fields = keyedElements(testCase);
    const preCheck = fields.get("PreCheck") ?? [];
    tests.push({
      name: decl.name,
      file,
      line: decl.line,
      preChecks: preCheckCalls(preCheck),
      upstreamSkip: skipMessage(preCheck),
      steps: readSteps(fields.get("Steps") ?? []),
      decl,
    });
  }
  return tests.sort((a, b) => a.line - b.line);
}

function findTestCase(body: readonly GoToken[]): GoToken[] | undefined {
  for (let i = 0; i + 3 < body.length; i++) {
    if (
      isIdent(body[i], "resource") &&
      isOp(body[i + 1], ".") &&
      /^(Parallel)?Test$/.test(body[i + 2].value) &&
      isOp(body[i + 3], "(")
    ) {
      const args = splitTopLevel(inside(body, i + 3), ",");
      const literal = args[1] ?? [];
      const brace = literal.findIndex((t) => isOp(t, "{"));
      return brace < 0 ? undefined : inside(literal, brace);
    }
  }
  return undefined;
}

function preCheckCalls(tokens: readonly GoToken[]): string[] {
  return tokens
    .filter((t, i) => t.kind === "ident" && /^testAccPreCheck/.test(t.value) && isOp(tokens[i + 1], "("))
    .map((t) => t.value);
}

function skipMessage(tokens: readonly GoToken[]): string | undefined {
  for (let i = 0; i + 4 < tokens.length; i++) {
    if (
      isIdent(tokens[i], "t") &&
      isOp(tokens[i + 1], ".") &&
      isIdent(tokens[i + 2], "Skip") &&
      isOp(tokens[i + 3], "(")
    ) {
      return tokens[i + 4].kind === "string" ? tokens[i + 4].value : "t.Skip";
    }
  }
  return undefined;
}

function readSteps(tokens: readonly GoToken[]): AcceptanceStep[] {
  const brace = tokens.findIndex((t) => isOp(t, "{"));
  if (brace < 0) return [];
  return splitTopLevel(inside(tokens, brace), ",")
    .filter((piece) => isOp(piece[0], "{"))
    .map((piece, n) => {
      const fields = keyedElements(inside(piece, 0));
      const expectError = fields.get("ExpectError");
      return {
        number: n + 1,
        line: piece[0].line,
        config: fields.get("Config"),
        check: fields.get("Check"),
        expectError: expectError?.find((t) => t.kind === "string")?.value,
        expectNonEmptyPlan: isTrue(fields.get("ExpectNonEmptyPlan")),
        planOnly: isTrue(fields.get("PlanOnly")),
        importState: isTrue(fields.get("ImportState")),
        destroy: isTrue(fields.get("Destroy")),
        skipFunc: fields.has("SkipFunc"),
      };
    });
}

function isTrue(tokens: readonly GoToken[] | undefined): boolean {
  return tokens !== undefined && tokens.length === 1 && isIdent(tokens[0], "true");
}
