import { stat } from "node:fs/promises";
import { join } from "node:path";
import { importStack } from "./import-stack.js";
import { joinPath, type ProblemList } from "./catalog-error.js";
import type { ParsedService } from "./parse-file.js";
import type { ServiceDefinition } from "../synth/service-definition.js";

/** Options of {@link checkStacks}. */
export interface CheckStacksOptions {
  readonly stacksDir: string;
  /** Import each stack and check its default export. Default: true. */
  readonly loadStacks?: boolean;
}

/**
 * Checks that every plan's stack folder has an `index.ts` and, when `loadStacks`, imports it and
 * checks that it default-exports a ServiceDefinition. Problems are reported at each plan's `stack`
 * field; an import failure carries the file path and the error's message. Returns the loaded
 * definitions by stack name (empty when not loading).
 */
export async function checkStacks(
  services: readonly ParsedService[],
  options: CheckStacksOptions,
  problems: ProblemList,
): Promise<Map<string, ServiceDefinition>> {
  const loaded = new Map<string, ServiceDefinition>();
  const outcomes = new Map<string, Promise<StackOutcome>>();
  for (const parsed of services) {
    for (const { plan, path } of parsed.plans) {
      if (!plan.stack) continue;
      let outcome = outcomes.get(plan.stack);
      if (!outcome) {
        outcome = loadStack(join(options.stacksDir, plan.stack, "index.ts"), options.loadStacks ?? true);
        outcomes.set(plan.stack, outcome);
      }
      const result = await outcome;
      if (result.problem) problems.add(parsed.file, joinPath(path, "stack"), result.problem);
      else if (result.definition) loaded.set(plan.stack, result.definition);
    }
  }
  return loaded;
}

/** A problem message, or the definition (absent when not importing). */
interface StackOutcome {
  readonly problem?: string;
  readonly definition?: ServiceDefinition;
}

async function loadStack(file: string, load: boolean): Promise<StackOutcome> {
  const isFile = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) return { problem: `stack not found: ${file} does not exist` };
  if (!load) return {};
  let module: Record<string, unknown>;
  try {
    module = await importStack(file);
  } catch (error) {
    return { problem: `cannot import ${file}: ${(error as Error)?.message ?? String(error)}` };
  }
  const problem = definitionProblem(module.default);
  return problem ? { problem: `${file} ${problem}` } : { definition: module.default as ServiceDefinition };
}

function definitionProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) {
    return "must default-export a ServiceDefinition (an object with an `instance` function; see src/synth/service-definition.ts)";
  }
  const definition = value as Record<string, unknown>;
  if (typeof definition.instance !== "function") return "default export has no `instance` function";
  if (definition.binding !== undefined && typeof definition.binding !== "function")
    return "default export's `binding` must be a function";
  const credentials = definition.credentials;
  if (credentials !== undefined && !(Array.isArray(credentials) && credentials.every((c) => typeof c === "string"))) {
    return "default export's `credentials` must be a list of output names";
  }
  return undefined;
}
