import { describe, expect, it } from "vitest";
import { BrokerError } from "../domain/errors.js";
import type { PlanDefinition } from "../domain/service-catalog.js";
import { refusedAsBadRequest } from "../broker/request-checks.js";
import {
  CloudRoutingError,
  createCloudRouting,
  namedClouds,
  type CloudMappingRule,
  type CloudRequest,
} from "./cloud-routing.js";

const plan = (extra: Partial<PlanDefinition> = {}): PlanDefinition => ({
  id: "p",
  name: "small",
  description: "d",
  stack: "s",
  defaults: {},
  settings: {},
  schemas: {},
  credentials: [],
  source: "catalog/x.yaml",
  ...extra,
});

const k8s = (namespace: string) => ({ platform: "kubernetes", namespace, clusterid: "c1" });
const rules: CloudMappingRule[] = [
  { match: { platform: "kubernetes", namespace: "team-a" }, cloud: "team-a", source: "map.yaml: [0]" },
  { match: { platform: "kubernetes", namespace: ["team-b", "team-b2"] }, cloud: "team-b", source: "map.yaml: [1]" },
  {
    match: { platform: "cloudfoundry", organization_guid: "org-1", space_guid: "space-1" },
    cloud: "finance",
    source: "map.yaml: [2]",
  },
  { match: { platform: "kubernetes" }, cloud: "shared", source: "map.yaml: [3]" },
];

/** The 400 a choice is answered with (its CloudRoutingError, as the broker maps it): status and message. */
function refusal(
  routing: ReturnType<typeof createCloudRouting>,
  request: CloudRequest,
): { status: number; message: string } {
  try {
    refusedAsBadRequest(() => routing.choose(request));
  } catch (error) {
    expect(() => routing.choose(request)).toThrow(CloudRoutingError);
    if (error instanceof BrokerError) return { status: error.status, message: error.description };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("cloud routing", () => {
  const routing = createCloudRouting({ defaultCloud: "main", rules });

  it("falls back to the default cloud, or none when there is no default", () => {
    expect(routing.choose({ plan: plan(), context: { platform: "other" } })).toBe("main");
    expect(createCloudRouting().choose({ plan: plan() })).toBeUndefined();
  });

  it("a plan pin wins over request, mapping and default", () => {
    expect(routing.choose({ plan: plan({ cloud: "pinned" }), context: k8s("team-a") })).toBe("pinned");
    expect(routing.choose({ plan: plan({ cloud: "pinned" }), requested: "pinned" })).toBe("pinned");
    expect(refusal(routing, { plan: plan({ cloud: "pinned" }), requested: "other" })).toEqual({
      status: 400,
      message: 'parameters.cloud: plan small always runs on cloud "pinned"',
    });
  });

  it("a requested cloud must be one the plan allows, and wins over the mapping", () => {
    const choice = plan({ clouds: ["team-a", "team-b"] });
    expect(routing.choose({ plan: choice, requested: "team-b", context: k8s("team-a") })).toBe("team-b");
    expect(refusal(routing, { plan: choice, requested: "main" })).toEqual({
      status: 400,
      message: 'parameters.cloud: "main" is not allowed by plan small (allowed: team-a, team-b)',
    });
    expect(refusal(routing, { plan: plan(), requested: "main" }).message).toBe(
      "parameters.cloud: plan small does not offer a choice of cloud",
    );
  });

  it("maps the Kubernetes namespace and the Cloud Foundry org and space; first match wins", () => {
    expect(routing.choose({ plan: plan(), context: k8s("team-a") })).toBe("team-a");
    expect(routing.choose({ plan: plan(), context: k8s("team-b2") })).toBe("team-b");
    expect(routing.choose({ plan: plan(), context: k8s("elsewhere") })).toBe("shared");
    const cf = { platform: "cloudfoundry", organization_guid: "org-1", space_guid: "space-1" };
    expect(routing.choose({ plan: plan(), context: cf })).toBe("finance");
    expect(routing.choose({ plan: plan(), context: { ...cf, space_guid: "space-2" } })).toBe("main");
  });

  it("reads org and space from the request when the context lacks them (OSB before 2.12)", () => {
    const request = {
      plan: plan(),
      context: { platform: "cloudfoundry" },
      organizationGuid: "org-1",
      spaceGuid: "space-1",
    };
    expect(routing.choose(request)).toBe("finance");
  });

  it("a mapped cloud the plan does not allow is refused with 400 naming the rule and the allowed clouds", () => {
    expect(refusal(routing, { plan: plan({ clouds: ["team-b", "main"] }), context: k8s("team-a") })).toEqual({
      status: 400,
      message:
        'the platform context maps to cloud "team-a" (CLOUD_MAPPING_FILE rule [0]), which plan small does not allow (allowed: team-b, main)',
    });
  });

  it("without request or mapping, a plan's list gives its first cloud, not the default", () => {
    expect(routing.choose({ plan: plan({ clouds: ["team-b", "main"] }), context: { platform: "other" } })).toBe(
      "team-b",
    );
    expect(routing.choose({ plan: plan({ clouds: ["team-b", "team-a"] }), context: k8s("team-a") })).toBe("team-a");
  });

  it("lists every name with where it is written, for the start-up check", () => {
    const named = namedClouds(createCloudRouting({ defaultCloud: "main", rules: rules.slice(0, 1) }), [
      plan({ cloud: "x" }),
      plan({ name: "big", clouds: ["y", "z"] }),
    ]);
    expect(named).toEqual([
      { name: "main", where: "DEFAULT_CLOUD" },
      { name: "team-a", where: "map.yaml: [0].cloud" },
      { name: "x", where: "catalog/x.yaml: plan small: cloud" },
      { name: "y", where: "catalog/x.yaml: plan big: clouds[0]" },
      { name: "z", where: "catalog/x.yaml: plan big: clouds[1]" },
    ]);
  });
});
