import { describe, expect, it } from "vitest";
import { liveInstanceId, PlanSelectionError, selectPlans } from "./plan-selection.js";

const services = [
  { name: "trove-mysql", plans: [{ name: "small" }, { name: "medium" }] },
  { name: "swift-container", plans: [{ name: "standard" }, { name: "s3" }] },
];
const names = (patterns: string[]) => selectPlans(services, patterns).map((p) => p.name);

describe("plan selection", () => {
  it("no pattern, or *: every plan, in catalog order", () => {
    expect(names([])).toEqual([
      "trove-mysql/small",
      "trove-mysql/medium",
      "swift-container/standard",
      "swift-container/s3",
    ]);
    expect(names(["*"])).toEqual(names([]));
  });

  it("service/plan, service and service/* select; each plan once, in catalog order", () => {
    expect(names(["swift-container/s3", "trove-mysql/small"])).toEqual(["trove-mysql/small", "swift-container/s3"]);
    expect(names(["swift-container", "swift-container/*", "swift-container/s3"])).toEqual([
      "swift-container/standard",
      "swift-container/s3",
    ]);
  });

  it("keeps the catalog's service and plan objects", () => {
    const [selected] = selectPlans(services, ["trove-mysql/medium"]);
    expect(selected.service).toBe(services[0]);
    expect(selected.plan).toBe(services[0].plans[1]);
  });

  it("names every pattern that matches nothing, with what exists", () => {
    expect(() => selectPlans(services, ["trove-mysql/huge", "nova-vm", "a/b/c"])).toThrow(PlanSelectionError);
    expect(() => selectPlans(services, ["trove-mysql/huge", "nova-vm"])).toThrow(
      'LIVE_PLANS / arguments:\n  "trove-mysql/huge": service trove-mysql has no plan "huge" (its plans: small, medium)\n  "nova-vm": no such service (services: trove-mysql, swift-container)',
    );
  });

  it("instance ids: the run id and the plan, only [a-z0-9-] (valid broker ids and Nova keypair names)", () => {
    expect(liveInstanceId("live-ab12cd", "swift-container/temp-url")).toBe("live-ab12cd-swift-container-temp-url");
    expect(liveInstanceId("live-ab12cd", "Trove_MySQL/small.v2")).toBe("live-ab12cd-trove-mysql-small-v2");
  });
});
