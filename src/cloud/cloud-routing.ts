import type { PlanDefinition } from "../domain/service-catalog.js";

/** The reserved request parameter that chooses a cloud among those a plan allows (create only). */
export const CLOUD_PARAMETER = "cloud";

/**
 * A new instance's cloud is not allowed: the request's `cloud` parameter or the platform mapping
 * names a cloud the plan does not offer. The message names the allowed clouds (never an operator's
 * file path): the broker answers it as the OSB 400 with this text.
 */
export class CloudRoutingError extends Error {
  override name = "CloudRoutingError";
}

/** Values a mapping rule compares: one string, or a list (any of them matches). */
export type CloudMatchValue = string | readonly string[];

/**
 * One rule of CLOUD_MAPPING_FILE: every key of `match` must equal the request's value (from the OSB
 * `context`, or the top-level `organization_guid` / `space_guid`) for `cloud` to be chosen.
 */
export interface CloudMappingRule {
  readonly match: Readonly<Record<string, CloudMatchValue>>;
  readonly cloud: string;
  /** Where the rule is written, for messages: `/etc/broker/clouds-mapping.yaml: [2]`. */
  readonly source?: string;
}

/** Options of {@link createCloudRouting}. */
export interface CloudRoutingOptions {
  /** The cloud of instances nothing else decides (`DEFAULT_CLOUD`, else `OS_CLOUD`). Absent: none named. */
  readonly defaultCloud?: string;
  /** Ordered rules from the platform context to a cloud; the first match wins. */
  readonly rules?: readonly CloudMappingRule[];
}

/** What a provision request tells about where it should run. */
export interface CloudRequest {
  readonly plan: PlanDefinition;
  /** The request's reserved `cloud` parameter, when given. */
  readonly requested?: string;
  /** The OSB `context` object (platform, namespace, organization_guid, space_guid...). */
  readonly context?: unknown;
  readonly organizationGuid?: string;
  readonly spaceGuid?: string;
}

/** Decides which clouds.yaml entry serves a new instance. */
export interface CloudRouting {
  readonly defaultCloud?: string;
  readonly rules: readonly CloudMappingRule[];
  /**
   * The cloud of a new instance. Precedence: the plan's pin (`cloud`) > the request's `cloud`
   * parameter (must be one of the plan's `clouds`) > the first matching mapping rule (must be allowed
   * by the plan) > the plan's first allowed cloud > the default. `undefined`: no cloud is named (the
   * provider gets no `cloud` and reads the OS_* environment).
   * @throws CloudRoutingError naming the allowed clouds when the request or the mapping is not allowed.
   */
  choose(request: CloudRequest): string | undefined;
}

/** Routing rules for new instances; see {@link CloudRouting.choose}. Pure: no file access. */
export function createCloudRouting(options: CloudRoutingOptions = {}): CloudRouting {
  const rules = options.rules ?? [];
  return {
    defaultCloud: options.defaultCloud,
    rules,
    choose(request) {
      const { plan, requested } = request;
      const allowed = plan.clouds;
      if (plan.cloud !== undefined) {
        if (requested !== undefined && requested !== plan.cloud) {
          throw new CloudRoutingError(
            `parameters.${CLOUD_PARAMETER}: plan ${plan.name} always runs on cloud ${JSON.stringify(plan.cloud)}`,
          );
        }
        return plan.cloud;
      }
      if (requested !== undefined) {
        if (allowed === undefined)
          throw new CloudRoutingError(
            `parameters.${CLOUD_PARAMETER}: plan ${plan.name} does not offer a choice of cloud`,
          );
        if (!allowed.includes(requested)) {
          throw new CloudRoutingError(
            `parameters.${CLOUD_PARAMETER}: ${JSON.stringify(requested)} is not allowed by plan ${plan.name} (allowed: ${allowed.join(", ")})`,
          );
        }
        return requested;
      }
      const index = rules.findIndex((candidate) => matches(candidate, request));
      const rule = index < 0 ? undefined : rules[index];
      if (rule !== undefined) {
        if (allowed !== undefined && !allowed.includes(rule.cloud)) {
          // Names the rule by its position, not the operator's file path (this goes to the platform).
          throw new CloudRoutingError(
            `the platform context maps to cloud ${JSON.stringify(rule.cloud)} (CLOUD_MAPPING_FILE rule [${index}]), ` +
              `which plan ${plan.name} does not allow (allowed: ${allowed.join(", ")})`,
          );
        }
        return rule.cloud;
      }
      return allowed?.[0] ?? options.defaultCloud;
    },
  };
}

/** The value a rule key is compared with: the context's, else the request's org/space GUIDs. */
function requestValue(request: CloudRequest, key: string): unknown {
  const context =
    typeof request.context === "object" && request.context !== null ? (request.context as Record<string, unknown>) : {};
  if (context[key] !== undefined) return context[key];
  if (key === "organization_guid") return request.organizationGuid;
  if (key === "space_guid") return request.spaceGuid;
  return undefined;
}

function matches(rule: CloudMappingRule, request: CloudRequest): boolean {
  return Object.entries(rule.match).every(([key, expected]) => {
    const actual = requestValue(request, key);
    if (typeof actual !== "string") return false;
    return typeof expected === "string" ? actual === expected : expected.includes(actual);
  });
}

/** Every cloud name a routing and catalog may hand out, with where each is written (for start-up checks). */
export function namedClouds(
  routing: CloudRouting,
  plans: readonly PlanDefinition[],
  defaultSource = "DEFAULT_CLOUD",
): { name: string; where: string }[] {
  const out: { name: string; where: string }[] = [];
  if (routing.defaultCloud !== undefined) out.push({ name: routing.defaultCloud, where: defaultSource });
  routing.rules.forEach((rule, i) => out.push({ name: rule.cloud, where: `${rule.source ?? `rule [${i}]`}.cloud` }));
  for (const plan of plans) {
    if (plan.cloud !== undefined) out.push({ name: plan.cloud, where: `${plan.source}: plan ${plan.name}: cloud` });
    plan.clouds?.forEach((name, i) => out.push({ name, where: `${plan.source}: plan ${plan.name}: clouds[${i}]` }));
  }
  return out;
}
