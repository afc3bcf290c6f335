import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "./cli-harness.js";

const env = { CATALOG_DIR: join(ROOT, "test/fixtures/catalog"), STACKS_DIR: join(ROOT, "stacks") };

describe("openstack-broker catalog with RESOURCE_SERVICES", () => {
  it("lists the generated services of a family beside the catalog files (--resource-services)", async () => {
    const run = await runCli(["catalog", "--json", "--resource-services", "dns"], { env });
    expect(run.code).toBe(0);
    const names = JSON.parse(run.stdout).services.map((s: { name: string; source: string }) => `${s.name} ${s.source}`);
    expect(names).toEqual([
      "terraform-test catalog/terraform-test.yaml",
      "os-dns-recordset-v2 RESOURCE_SERVICES",
      "os-dns-zone-v2 RESOURCE_SERVICES",
    ]);
  });

  it("validate: every generated plan synthesizes and passes the construct checks", async () => {
    const run = await runCli(["catalog", "validate"], { env: { ...env, RESOURCE_SERVICES: "networking,compute" } });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  }, 60_000);

  it("validate: an unknown or excluded entry is an error naming RESOURCE_SERVICES and the reason; exit 1", async () => {
    const run = await runCli(["catalog", "validate"], {
      env: { ...env, RESOURCE_SERVICES: "openstack_compute_flavor_v2 netwrk" },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "RESOURCE_SERVICES: openstack_compute_flavor_v2 is not offered (admin: flavors are defined by cloud admins)",
    );
    expect(run.stderr).toContain('RESOURCE_SERVICES: unknown resource type, service or family "netwrk"');
  });
});
