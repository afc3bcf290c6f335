import { readFile } from "node:fs/promises";
import { load } from "js-yaml";
import { resolveParameters } from "../../src/catalog/parameters.js";
import type { PlanDefinition } from "../../src/domain/service-catalog.js";

/** Parameters of one entry of the params file. */
export interface LiveParamsEntry {
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly bind?: Readonly<Record<string, unknown>>;
}

/** The params file: entries keyed `*`, `<service>` or `<service>/<plan>` (docs/live-test.md). */
export interface LiveParams {
  readonly file: string;
  readonly entries: Readonly<Record<string, LiveParamsEntry>>;
}

/** What a plan's live run sends, and what it still needs before it can. */
export interface PlanInputs {
  /** The provision request's `parameters` (plan defaults are the broker's business). */
  readonly parameters: Record<string, unknown>;
  /** The bind request's `parameters`. */
  readonly bind: Record<string, unknown>;
  /** Why the plan cannot run as given: a required parameter without default, or the broker's own validation error. */
  readonly problems: readonly string[];
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** Reads and checks the params file (YAML or JSON); errors name the file and the key. */
export async function loadLiveParams(file: string): Promise<LiveParams> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new Error(`${file}: cannot read the parameters file (${error.code ?? error.message})`);
  });
  let doc: unknown;
  try {
    doc = load(text) ?? {};
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  if (!isMapping(doc))
    throw new Error(`${file}: must be a mapping of "<service>/<plan>" (or "<service>", "*") to { parameters, bind }`);
  for (const [key, entry] of Object.entries(doc)) {
    if (!isMapping(entry)) throw new Error(`${file}: ${key}: must be a mapping with parameters and/or bind`);
    for (const [field, value] of Object.entries(entry)) {
      if (field !== "parameters" && field !== "bind")
        throw new Error(`${file}: ${key}.${field}: unknown (use parameters, bind)`);
      if (!isMapping(value)) throw new Error(`${file}: ${key}.${field}: must be a mapping`);
    }
  }
  return { file, entries: doc as Record<string, LiveParamsEntry> };
}

/** Keys of the file that name no service or plan of `planNames` (`service/plan`): typos. */
export function unknownParamKeys(params: LiveParams, planNames: readonly string[]): string[] {
  const services = new Set(planNames.map((n) => n.split("/")[0]));
  return Object.keys(params.entries).filter((key) => key !== "*" && !planNames.includes(key) && !services.has(key));
}

/** Replaces `{run}` in every string (deeply) with the run id, so names are unique per run. */
export function withRunId<T>(value: T, runId: string): T {
  if (typeof value === "string") return value.split("{run}").join(runId) as T;
  if (Array.isArray(value)) return value.map((v) => withRunId(v, runId)) as T;
  if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withRunId(v, runId)])) as T;
  return value;
}

const declared = (schema: unknown): Set<string> =>
  new Set(isMapping(schema) && isMapping(schema.properties) ? Object.keys(schema.properties) : []);
const required = (schema: unknown): string[] =>
  isMapping(schema) && Array.isArray(schema.required)
    ? schema.required.filter((r): r is string => typeof r === "string")
    : [];

/**
 * A plan's request parameters: `*` (only the names the plan's schema declares) <- `<service>` <-
 * `<service>/<plan>`, `{run}` replaced. Problems: each required parameter with no plan default that
 * the file does not give (naming the key to add), else the broker's own validation error.
 */
export function planInputs(plan: PlanDefinition, planName: string, params: LiveParams, runId: string): PlanInputs {
  const [serviceName] = planName.split("/");
  const pick = (field: "parameters" | "bind", schema: unknown): Record<string, unknown> => {
    const names = declared(schema);
    const common = Object.entries(params.entries["*"]?.[field] ?? {}).filter(([name]) => names.has(name));
    return withRunId(
      { ...Object.fromEntries(common), ...params.entries[serviceName]?.[field], ...params.entries[planName]?.[field] },
      runId,
    );
  };
  const parameters = pick("parameters", plan.schemas.create);
  const bind = pick("bind", plan.schemas.bind);
  const problems: string[] = [];
  const need = (field: "parameters" | "bind", names: string[], have: Record<string, unknown>) => {
    for (const name of names.filter((n) => !Object.hasOwn(have, n))) {
      const what = field === "parameters" ? "parameter" : "bind parameter";
      problems.push(
        `${what} "${name}" is required and has no default: set ${JSON.stringify(planName)}: { ${field}: { ${name}: ... } } in ${params.file}`,
      );
    }
  };
  need("parameters", required(plan.schemas.create), { ...plan.defaults, ...parameters });
  need("bind", required(plan.schemas.bind), bind);
  if (problems.length === 0) {
    for (const [action, given] of [
      ["create", parameters],
      ["bind", bind],
    ] as const) {
      try {
        resolveParameters({ plan, action, given });
      } catch (error) {
        problems.push(
          `${action === "create" ? "parameters" : "bind parameters"} refused by the broker: ${(error as Error).message}`,
        );
      }
    }
  }
  return { parameters, bind, problems };
}
