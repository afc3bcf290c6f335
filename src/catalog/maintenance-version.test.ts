import { describe, expect, it } from "vitest";
import type { PlanDefinition, ServiceOffering } from "../domain/service-catalog.js";
import type { ServiceDefinition } from "../synth/service-definition.js";
import { CatalogError } from "./catalog-error.js";
import { deriveMaintenanceInfo, withDerivedMaintenanceInfo } from "./maintenance-version.js";

const plan = (extra: Partial<PlanDefinition> = {}): PlanDefinition => ({
  id: "p1",
  name: "small",
  description: "d",
  stack: "db",
  defaults: {},
  settings: {},
  schemas: {},
  credentials: [],
  source: "catalog/db.yaml",
  ...extra,
});
const definition = (extra: Partial<ServiceDefinition> = {}): ServiceDefinition => ({ instance: () => {}, ...extra });
const TF = { terraformVersion: "1.11.4" };

describe("deriveMaintenanceInfo", () => {
  it("the construct's version with the terraform and provider versions as semver build metadata", () => {
    const info = deriveMaintenanceInfo(
      plan(),
      definition({ version: "2.3.1", changes: "TLS on by default", providers: ["openstack"] }),
      TF,
    );
    expect(info).toEqual({
      version: "2.3.1+terraform.1.11.4.openstack.3.4.0",
      description: "TLS on by default (applied with terraform 1.11.4, openstack provider 3.4.0)",
    });
  });

  it("the catalog's maintenance_info pins the construct's version; 1.0.0 when nothing says", () => {
    const pinned = plan({ maintenance_info: { version: "4.0.0", description: "pinned" } });
    expect(deriveMaintenanceInfo(pinned, definition({ version: "2.0.0" }), TF).version).toBe("4.0.0+terraform.1.11.4");
    expect(deriveMaintenanceInfo(plan(), undefined, TF)).toEqual({
      version: "1.0.0+terraform.1.11.4",
      description: "stack db 1.0.0 (applied with terraform 1.11.4)",
    });
  });

  it("changes with each input: another terraform is another version", () => {
    const a = deriveMaintenanceInfo(plan(), definition(), TF).version;
    const b = deriveMaintenanceInfo(plan(), definition(), { terraformVersion: "1.12.0" }).version;
    expect(a).not.toBe(b);
    expect(deriveMaintenanceInfo(plan(), definition(), { terraformVersion: "1.6.0-alpha+x" }).version).toBe(
      "1.0.0+terraform.1.6.0-alpha-x",
    );
  });

  it("a construct version that is not semver is a CatalogError naming the plan's file", () => {
    const service = { plans: [plan()] } as unknown as ServiceOffering;
    const stacks = new Map([["db", definition({ version: "v2" })]]);
    expect(() => withDerivedMaintenanceInfo([service], stacks, TF)).toThrow(CatalogError);
    expect(() => withDerivedMaintenanceInfo([service], stacks, TF)).toThrow(/catalog\/db\.yaml.*"v2" is not semver/);
  });
});
