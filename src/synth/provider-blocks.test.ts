import { describe, expect, it } from "vitest";
import { OpenstackProvider } from "../../gen/providers/openstack/provider/index.js";
import { IdentityApplicationCredentialV3 } from "../../gen/providers/openstack/identity-application-credential-v3/index.js";
import type { PlanDefinition, ServiceOffering } from "../domain/service-catalog.js";
import { defineService } from "./service-definition.js";
import { synthesize } from "./synthesize.js";

const plan: PlanDefinition = {
  id: "plan-1",
  name: "default",
  description: "d",
  stack: "tenant-test",
  defaults: {},
  settings: {},
  credentials: [],
  schemas: {},
  source: "test",
};
const service = { id: "svc-1", name: "tenant-test" } as ServiceOffering;
const bindingOf = (declare: (scope: import("constructs").Construct, password: string) => void) =>
  synthesize({
    definition: defineService({
      providers: ["openstack"],
      instance: () => {},
      binding: (scope, ctx) => declare(scope, ctx.secret("password")),
      secrets: { binding: ["password"] },
    }),
    service,
    plan,
    kind: "binding",
    values: {},
    instanceId: "i",
    bindingId: "b",
    secrets: { password: "s3cret-value" },
    providers: { openstack: { cloud: "prod" } },
  });

describe("provider blocks", () => {
  it("keeps a construct's aliased provider next to the broker's default one; its secret stays a variable", () => {
    const result = bindingOf((scope, password) => {
      const tenant = new OpenstackProvider(scope, "tenant", {
        alias: "tenant",
        authUrl: "https://keystone.example/v3",
        userName: "app-user",
        password,
        tenantId: "project-1",
        userDomainName: "Default",
      });
      new IdentityApplicationCredentialV3(scope, "credential", { name: "c", provider: tenant });
    });
    const config = result.config as Record<string, Record<string, unknown>>;
    expect(config.provider.openstack).toEqual([
      { cloud: "prod" },
      {
        alias: "tenant",
        auth_url: "https://keystone.example/v3",
        user_name: "app-user",
        password: "${var.secret_password}",
        tenant_id: "project-1",
        user_domain_name: "Default",
      },
    ]);
    expect(JSON.stringify(config.resource)).toContain('"provider":"openstack.tenant"');
    expect(JSON.stringify(result.config)).not.toContain("s3cret-value");
    expect(config.terraform.required_providers).toEqual({
      openstack: { source: "terraform-provider-openstack/openstack", version: "3.4.0" },
    });
  });

  it("refuses a construct's unaliased provider: the default one is the broker's", () => {
    expect(() =>
      bindingOf((scope) => {
        new OpenstackProvider(scope, "mine", { cloud: "other" });
      }),
    ).toThrow('stack tenant-test declares an unaliased "openstack" provider');
  });

  it("without construct providers the stack has only the broker's block", () => {
    const result = bindingOf(() => {});
    expect((result.config as Record<string, unknown>).provider).toEqual({ openstack: [{ cloud: "prod" }] });
  });
});
