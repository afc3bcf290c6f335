import { joinPath } from "./catalog-error.js";
import { Fields, asMapping, type ReadContext } from "./fields.js";
import { ID_PATTERN, NAME_PATTERN, optional, parsePlan } from "./parse-plan.js";
import type { PlanDefinition, ServiceOffering } from "../domain/service-catalog.js";

const FILE_KEYS = ["services"] as const;
/** The keys a service may have (schema/catalog.schema.json declares the same). */
export const SERVICE_KEYS = [
  "id",
  "name",
  "description",
  "bindable",
  "instances_retrievable",
  "bindings_retrievable",
  "plan_updateable",
  "allow_context_updates",
  "tags",
  "requires",
  "metadata",
  "plans",
] as const;
const REQUIRES = ["syslog_drain", "route_forwarding", "volume_mount"] as const;

/** A plan with where it was declared, for cross-file checks. */
export interface ParsedPlan {
  readonly plan: PlanDefinition;
  readonly path: string;
}

/** A service with where it and its plans were declared. */
export interface ParsedService {
  readonly service: ServiceOffering;
  readonly file: string;
  readonly path: string;
  readonly plans: readonly ParsedPlan[];
}

/**
 * Reads one catalog file's document (`{ services: [...] }`), reporting every problem to `ctx` with
 * the field path. Unique plan names within a service are checked here; cross-file uniqueness is not.
 */
export function parseCatalogDocument(ctx: ReadContext, document: unknown): ParsedService[] {
  if (document === undefined || document === null) {
    ctx.problems.add(ctx.file, "", "is empty (expected a mapping with `services:`)");
    return [];
  }
  const root = asMapping(ctx, document, "");
  if (!root) return [];
  const f = new Fields(ctx, root, "", FILE_KEYS);
  const services = f.list("services", { required: true }) ?? [];
  if (f.has("services") && Array.isArray(root.services) && services.length === 0)
    f.problem("services", "must list at least one service");
  const parsed: ParsedService[] = [];
  services.forEach((node, i) => {
    const service = parseService(ctx, node, joinPath("services", i));
    if (service) parsed.push(service);
  });
  return parsed;
}

function parseService(ctx: ReadContext, node: unknown, path: string): ParsedService | undefined {
  const mapping = asMapping(ctx, node, path);
  if (!mapping) return undefined;
  const f = new Fields(ctx, mapping, path, SERVICE_KEYS);
  // Read in declaration order so that problems are listed the way a reader meets them.
  const id = f.name("id", ID_PATTERN, "must not contain spaces", { required: true }) ?? "";
  const name =
    f.name("name", NAME_PATTERN, "must use only lowercase letters, digits and hyphens", { required: true }) ?? "";
  const description = f.string("description", { required: true }) ?? "";
  const bindable = f.boolean("bindable", { required: true }) ?? false;
  const instancesRetrievable = f.boolean("instances_retrievable") ?? true;
  const bindingsRetrievable = f.boolean("bindings_retrievable") ?? true;
  const planUpdateable = f.boolean("plan_updateable");
  const rest = {
    ...optional("plan_updateable", planUpdateable),
    ...optional("allow_context_updates", f.boolean("allow_context_updates")),
    ...optional("tags", f.stringList("tags")),
    ...optional("requires", f.stringList("requires", REQUIRES)),
    ...optional("metadata", f.mapping("metadata")),
  };
  const inherit = { bindable, plan_updateable: planUpdateable ?? false };
  const planNodes = f.list("plans", { required: true }) ?? [];
  if (f.has("plans") && Array.isArray(mapping.plans) && planNodes.length === 0)
    f.problem("plans", "must list at least one plan");
  const plans: ParsedPlan[] = [];
  const names = new Map<string, string>();
  planNodes.forEach((planNode, i) => {
    const planPath = joinPath(f.at("plans"), i);
    const plan = parsePlan(ctx, planNode, planPath, inherit);
    if (!plan) return;
    const first = names.get(plan.name);
    if (plan.name && first)
      ctx.problems.add(
        ctx.file,
        joinPath(planPath, "name"),
        `must be unique within the service (${JSON.stringify(plan.name)} is also ${first}.name)`,
      );
    else if (plan.name) names.set(plan.name, planPath);
    plans.push({ plan, path: planPath });
  });
  const service: ServiceOffering = {
    id,
    name,
    description,
    bindable,
    instances_retrievable: instancesRetrievable,
    bindings_retrievable: bindingsRetrievable,
    ...rest,
    plans: plans.map((p) => p.plan),
    source: ctx.file,
  };
  return { service, file: ctx.file, path, plans };
}
