/**
 * The static state checks of a step's `Check:` expression: every call of
 * resource.TestCheckResourceAttr / ...AttrSet / NoResourceAttr / ...AttrPair whose arguments
 * evaluate to strings (locals such as `resourceName` included). Checks that read Go values at run
 * time (TestCheckResourceAttrPtr, custom TestCheckFuncs) are counted, not run.
 */
import type { CorpusCheck } from "../corpus-types.js";
import type { GoToken } from "./go-lexer.js";
import type { GoEvaluator } from "./go-eval.js";
import type { GoScope } from "./go-scope.js";
import { inside, isIdent, isOp, splitTopLevel } from "./go-tokens.js";

const KINDS: Readonly<Record<string, { kind: CorpusCheck["kind"]; arity: number }>> = {
  TestCheckResourceAttr: { kind: "equals", arity: 3 },
  TestCheckResourceAttrSet: { kind: "set", arity: 2 },
  TestCheckNoResourceAttr: { kind: "absent", arity: 2 },
  TestCheckResourceAttrPair: { kind: "pair", arity: 4 },
};

/** The checks of `tokens` that could be evaluated, and how many could not. */
export function extractChecks(
  tokens: readonly GoToken[],
  evaluator: GoEvaluator,
  scope: GoScope,
): { checks: CorpusCheck[]; unchecked: number } {
  const checks: CorpusCheck[] = [];
  let unchecked = 0;
  for (let i = 0; i + 3 < tokens.length; i++) {
    if (!isIdent(tokens[i], "resource") || !isOp(tokens[i + 1], ".") || !isOp(tokens[i + 3], "(")) continue;
    const name = tokens[i + 2].value;
    if (!/^TestCheck/.test(name) || name === "TestCheckFunc") continue;
    const spec = KINDS[name];
    if (!spec) {
      unchecked++;
      continue;
    }
    const args = splitTopLevel(inside(tokens, i + 3), ",");
    try {
      const values = args.map((a) => evaluator.evaluate(a, scope));
      if (values.length !== spec.arity || values.some((v) => typeof v !== "string")) throw new Error("not strings");
      const [address, key, third, fourth] = values as string[];
      checks.push(
        spec.kind === "pair"
          ? { kind: "pair", address, key, otherAddress: third, otherKey: fourth }
          : spec.kind === "equals"
            ? { kind: "equals", address, key, value: third }
            : { kind: spec.kind, address, key },
      );
    } catch {
      unchecked++;
    }
  }
  return { checks, unchecked };
}

/** The checks of several uses of one config: duplicates once; a key expected with different values in two uses, not at all. */
export function mergeChecks(uses: readonly (readonly CorpusCheck[])[]): CorpusCheck[] {
  const key = (c: CorpusCheck) => `${c.kind} ${c.address} ${c.key}`;
  const out = new Map<string, CorpusCheck>();
  const conflicting = new Set<string>();
  for (const check of uses.flat()) {
    const existing = out.get(key(check));
    if (existing && JSON.stringify(existing) !== JSON.stringify(check)) conflicting.add(key(check));
    else out.set(key(check), check);
  }
  return [...out].filter(([k]) => !conflicting.has(k)).map(([, c]) => c);
}
