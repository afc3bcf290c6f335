import { createCatalog, type Catalog } from "../../src/catalog/catalog.js";
import type { PlanDefinition, ServiceOffering } from "../../src/domain/service-catalog.js";
import type { ServiceDefinition } from "../../src/synth/service-definition.js";

/**
 * The catalog of the broker unit tests (src/broker/*.test.ts), built in memory: no YAML, no stack
 * import, no synthesis (the fake workspace runner never synthesizes). Two services that differ in
 * every OSB switch the broker reads:
 * - `db` (DB_SERVICE): bindable, retrievable, plan_updateable, context updates allowed; plans `small`
 *   and `large` (schemas for create, update and bind; maintenance_info 1.0.0), `nobind`
 *   (plan-level `bindable: false`), `east` (pinned to cloud east) and `west-or-north` (a choice);
 * - `queue` (QUEUE_SERVICE): not bindable but its plan `shared` is, not retrievable, plans not
 *   updateable, no context updates; no schemas (no parameters accepted).
 */
export const DB_SERVICE = "svc-db";
export const SMALL = "plan-small";
export const LARGE = "plan-large";
export const NOBIND = "plan-nobind";
export const EAST = "plan-east";
export const WEST_OR_NORTH = "plan-west-or-north";
export const QUEUE_SERVICE = "svc-queue";
export const BASIC = "plan-basic";
export const SHARED = "plan-shared";

const sizeSchema = {
  type: "object",
  additionalProperties: false,
  properties: { size: { type: "integer", minimum: 1, maximum: 10 }, label: { type: "string" } },
};

function plan(id: string, name: string, stack: string, extra: Partial<PlanDefinition>): PlanDefinition {
  return {
    id,
    name,
    description: `${name} plan`,
    stack,
    defaults: {},
    settings: {},
    schemas: {},
    credentials: [],
    source: "catalog/unit.yaml",
    ...extra,
  };
}

const dbPlan = (id: string, name: string, extra: Partial<PlanDefinition> = {}) =>
  plan(id, name, "db", {
    bindable: true,
    plan_updateable: true,
    defaults: { size: 1 },
    schemas: {
      create: sizeSchema,
      update: sizeSchema,
      bind: { type: "object", additionalProperties: false, properties: { role: { enum: ["ro", "rw"] } } },
    },
    credentials: ["endpoint"],
    maintenance_info: { version: "1.0.0" },
    ...extra,
  });

const services: ServiceOffering[] = [
  {
    id: DB_SERVICE,
    name: "db",
    description: "a database",
    bindable: true,
    instances_retrievable: true,
    bindings_retrievable: true,
    plan_updateable: true,
    allow_context_updates: true,
    plans: [
      dbPlan(SMALL, "small"),
      dbPlan(LARGE, "large"),
      dbPlan(NOBIND, "nobind", { bindable: false }),
      dbPlan(EAST, "east", { cloud: "east" }),
      dbPlan(WEST_OR_NORTH, "west-or-north", { clouds: ["west", "north"] }),
    ],
    source: "catalog/unit.yaml",
  },
  {
    id: QUEUE_SERVICE,
    name: "queue",
    description: "a queue",
    bindable: false,
    instances_retrievable: false,
    bindings_retrievable: false,
    plan_updateable: false,
    plans: [
      plan(BASIC, "basic", "queue", { bindable: false, plan_updateable: false }),
      plan(SHARED, "shared", "queue", { bindable: true, plan_updateable: false }),
    ],
    source: "catalog/unit.yaml",
  },
];

/** The stacks: never synthesized here, only read for their secrets, credentials and stateful types. */
const stacks = new Map<string, ServiceDefinition>([
  [
    "db",
    {
      instance: () => {},
      binding: () => {},
      secrets: { instance: ["admin_password"], binding: ["password"] },
      statefulResources: ["terraform_data.data"],
    },
  ],
  ["queue", { instance: () => {} }],
]);

/** A fresh catalog of {@link DB_SERVICE} and {@link QUEUE_SERVICE}. */
export function createBrokerUnitCatalog(): Catalog {
  return createCatalog({ services, stacks });
}
