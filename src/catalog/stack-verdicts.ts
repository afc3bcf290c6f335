import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import type { PlanDefinition, ServiceOffering } from "../domain/service-catalog.js";
import { buildOf } from "./import-stack.js";
import { openVerdictCache, type VerdictCache } from "./verdict-cache.js";

let cache: VerdictCache | undefined;
let libraries: string | undefined;

/**
 * The key of a plan's stack check (check-stacks.ts: synthesis with the defaults and the construct
 * checks), or undefined when it must always run: only a stack loaded from the ahead-of-time build has
 * one. MUST cover every input of the check: the build's identity (every source of src/, stacks/, gen/
 * and the data the stacks read, scripts/dist/manifest.js), cdktf's and constructs' versions, the stack
 * file, the service and the plan as the catalog gives them.
 */
function keyOf(stackFile: string, service: ServiceOffering, plan: PlanDefinition): string | undefined {
  const build = buildOf(stackFile);
  if (build === undefined) return undefined;
  if (libraries === undefined) {
    const require = createRequire(import.meta.url);
    libraries = JSON.stringify(
      ["cdktf", "constructs"].map((name) => (require(`${name}/package.json`) as { version: string }).version),
    );
  }
  return createHash("sha256")
    .update(JSON.stringify([build, libraries, resolve(stackFile), service, plan]))
    .digest("hex");
}

/**
 * Runs `check` (it returns whether the plan's stack passed) unless the same check passed before with
 * the same inputs; keeps a pass for the next start ({@link saveStackVerdicts}).
 */
export function checkStackOnce(
  stackFile: string,
  service: ServiceOffering,
  plan: PlanDefinition,
  check: () => boolean,
): void {
  const key = keyOf(stackFile, service, plan);
  if (key === undefined) return void check();
  cache ??= openVerdictCache("stack-checks");
  if (cache.has(key)) return;
  if (check()) cache.add(key);
}

/** Keeps the plans whose stacks passed for the next start. */
export function saveStackVerdicts(): void {
  cache?.save();
}
