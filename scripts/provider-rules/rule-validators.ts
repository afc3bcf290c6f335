/**
 * `ValidateFunc` / `ValidateDiagFunc` values into `RuleValidator`s: the SDK's `validation.*` functions
 * with their literal arguments parsed (nested `All` / `Any` included, `regexp.MustCompile(re)` as the
 * regex source), and the provider's own validators by name, recognised where possible
 * (provider-validators.ts).
 */
import type { RuleArg, RuleValidator } from "../../src/provider-rules/types.js";
import type { GoValue } from "./go-values.js";
import { externalName, isPrimitive, valueText } from "./go-values.js";
import { providerValidator } from "./provider-validators.js";
import type { RulesContext } from "./schema-rules.js";

const VALIDATION_PKG = "github.com/hashicorp/terraform-plugin-sdk/v2/helper/validation";

function isValidation(v: GoValue): boolean {
  if (isPrimitive(v)) return false;
  if (v.t === "ext") return v.pkg === VALIDATION_PKG;
  return v.t === "call" && isValidation(v.fn);
}

/** The validators of one `ValidateFunc` value (one, or none when not understood: then noted). */
export function ruleValidators(v: GoValue, path: readonly string[], ctx: RulesContext): RuleValidator[] {
  const problems: string[] = [];
  const result = validator(v, ctx, problems);
  if (problems.length) ctx.note(path, `validator ${valueText(v)}: ${problems.join("; ")}`);
  return result ? [result] : [];
}

function validator(v: GoValue, ctx: RulesContext, problems: string[]): RuleValidator | undefined {
  if (isPrimitive(v)) {
    problems.push("not a function");
    return undefined;
  }
  if (v.t === "call" && externalName(v) === "validation.ToDiagFunc" && v.args.length === 1) {
    return validator(v.args[0], ctx, problems);
  }
  if (v.t === "ext" && isValidation(v)) return { fn: v.name };
  if (v.t === "call" && isValidation(v)) {
    const fn = externalName(v)!.replace(/^[^.]*\./, "");
    const args: RuleArg[] = [];
    for (const a of v.args) {
      const parsed = arg(a, ctx, problems);
      if (parsed === undefined) return undefined;
      args.push(parsed);
    }
    return { fn, args };
  }
  if (v.t === "func" || v.t === "funclit") {
    const found = providerValidator(v, ctx.ev);
    if (!found.known) problems.push(`provider validator ${found.fn} not recognised`);
    return found;
  }
  problems.push("not a validation function");
  return undefined;
}

function arg(v: GoValue, ctx: RulesContext, problems: string[]): RuleArg | undefined {
  if (isPrimitive(v)) return v;
  if (v.t === "slice") {
    const items: RuleArg[] = [];
    for (const i of v.items) {
      const parsed = arg(i, ctx, problems);
      if (parsed === undefined) return undefined;
      items.push(parsed);
    }
    return items;
  }
  if (v.t === "call" && externalName(v) === "regexp.MustCompile" && typeof v.args[0] === "string") return v.args[0];
  if (isValidation(v) || v.t === "func" || v.t === "funclit") return validator(v, ctx, problems);
  problems.push(`argument ${valueText(v)} not a literal`);
  return undefined;
}
