import { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { type BindingContext, defineService } from "../../src/synth/service-definition.js";
import { synthesize } from "../../src/synth/synthesize.js";
import { restrictedApplicationCredential } from "./application-credential.js";
import { projectScope, serviceEndpoint, serviceRegion } from "./endpoints.js";
import { heatOutput, heatStack } from "./heat.js";
import { flavorByName, imageByName, networkByName } from "./lookups.js";

/**
 * Each `_lib` helper used twice in one scope (and in two nested constructs of one stack): it either
 * shares one construct by design (projectScope) or takes an id, so two uses never collide — cdktf
 * would otherwise throw on a repeated construct id or, worse, silently merge two elements that got the
 * same logical id.
 */
type SynthesizeOptions = Parameters<typeof synthesize>[0];
const plan: SynthesizeOptions["plan"] = {
  id: "plan-1",
  name: "default",
  description: "d",
  stack: "helpers",
  defaults: {},
  settings: {},
  credentials: [],
  schemas: {},
  source: "test",
};
const service = { id: "svc-1", name: "helpers" } as SynthesizeOptions["service"];

type Config = {
  data?: Record<string, Record<string, Record<string, unknown>>>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
};

/** The binding stack `build` makes, synthesized as the broker does. */
function synthBinding(build: (scope: Construct, ctx: BindingContext) => void): Config {
  const definition = defineService({ providers: ["openstack"], instance: () => {}, binding: build });
  const result = synthesize({
    definition,
    service,
    plan,
    kind: "binding",
    values: {},
    instanceId: "i",
    bindingId: "b",
    backend: "local",
  });
  return result.config as Config;
}

describe("projectScope, serviceEndpoint, serviceRegion: one shared data source per stack", () => {
  it("returns the same data source for every call, from any construct of the stack", () => {
    const config = synthBinding((scope, ctx) => {
      const nested = new Construct(scope, "nested");
      expect(projectScope(nested)).toBe(projectScope(scope));
      ctx.output("a", serviceEndpoint(scope, "object-store"));
      ctx.output("b", serviceEndpoint(nested, "object-store"));
      ctx.output("c", serviceRegion(nested, "identity"));
      ctx.output("project", projectScope(nested).projectId);
    });
    expect(Object.keys(config.data?.openstack_identity_auth_scope_v3 ?? {})).toEqual(["project_scope"]);
    const outputs = JSON.stringify(config.output);
    expect(outputs).toContain("data.openstack_identity_auth_scope_v3.project_scope.service_catalog");
    expect(outputs).toContain("data.openstack_identity_auth_scope_v3.project_scope.project_id");
  });
});

describe("heatStack: one per id", () => {
  const template = "heat_template_version: 2018-08-31\noutputs:\n  x: {value: a}\n";

  it("two stacks in one scope, and one of the same id in a nested construct, stay apart", () => {
    const config = synthBinding((scope, ctx) => {
      const a = heatStack(scope, "queue", { name: "a", template });
      const b = heatStack(scope, "signed", { name: "b", template });
      const nested = heatStack(new Construct(scope, "nested"), "queue", { name: "c", template });
      ctx.output("a", heatOutput(a, "x"));
      ctx.output("b", heatOutput(b, "x"));
      ctx.output("c", heatOutput(nested, "x"));
    });
    const stacks = config.resource?.openstack_orchestration_stack_v1 ?? {};
    const nestedId = Object.keys(stacks).find((id) => id.startsWith("nested_queue_"));
    expect(Object.keys(stacks).sort()).toEqual(["queue", "signed", nestedId].sort());
    expect([stacks.queue.name, stacks.signed.name, stacks[nestedId as string].name]).toEqual(["a", "b", "c"]);
    expect(JSON.stringify(config.output?.c.value)).toContain(`openstack_orchestration_stack_v1.${nestedId}.outputs`);
    expect(JSON.stringify(config.output?.a.value)).toContain("openstack_orchestration_stack_v1.queue.outputs");
  });

  it("refuses the same id twice in one scope", () => {
    expect(() =>
      synthBinding((scope) => {
        heatStack(scope, "queue", { name: "a", template });
        heatStack(scope, "queue", { name: "b", template });
      }),
    ).toThrow(/already a Construct with name 'queue'/);
  });
});

describe("restrictedApplicationCredential: one per id and output prefix", () => {
  const rules = { service: "object-store", paths: ["/v1/**"], methods: ["GET"], description: "d" };

  it("keeps the default id and names for one credential", () => {
    const config = synthBinding((scope, ctx) => void restrictedApplicationCredential(scope, ctx, rules));
    expect(Object.keys(config.resource?.openstack_identity_application_credential_v3 ?? {})).toEqual(["credential"]);
    expect(Object.keys(config.output ?? {}).sort()).toEqual([
      "application_credential_id",
      "application_credential_secret",
      "auth_type",
      "auth_url",
    ]);
  });

  it("makes a second credential with its own id, Keystone name and credential names", () => {
    const config = synthBinding((scope, ctx) => {
      restrictedApplicationCredential(scope, ctx, rules);
      restrictedApplicationCredential(scope, ctx, { ...rules, service: "dns", id: "dns", outputPrefix: "dns_" });
    });
    const credentials = config.resource?.openstack_identity_application_credential_v3 ?? {};
    expect(Object.keys(credentials).sort()).toEqual(["credential", "dns"]);
    expect(credentials.credential.name).toBe("osb-${var.binding_id}");
    expect(credentials.dns.name).toBe("osb-${var.binding_id}-dns");
    expect(Object.keys(config.output ?? {})).toEqual(
      expect.arrayContaining([
        "auth_url",
        "dns_auth_url",
        "dns_application_credential_id",
        "dns_application_credential_secret",
      ]),
    );
  });

  it("refuses a second credential of the same id, saying what to do", () => {
    expect(() =>
      synthBinding((scope, ctx) => {
        restrictedApplicationCredential(scope, ctx, rules);
        restrictedApplicationCredential(scope, ctx, rules);
      }),
    ).toThrow(/has a "credential" already; give each credential its own id and outputPrefix/);
  });
});

describe("flavorByName, imageByName, networkByName: one per id", () => {
  it("two lookups of each kind in one scope are two data sources", () => {
    const config = synthBinding((scope) => {
      flavorByName(scope, "flavor", "m1.small");
      flavorByName(scope, "bastion_flavor", "m1.tiny");
      imageByName(scope, "image", "ubuntu");
      imageByName(scope, "bastion_image", "cirros");
      networkByName(scope, "network", "private");
      networkByName(scope, "external", "9a1f0e2d-3c4b-4a59-8677-8695a4b3c2d1");
    });
    expect(config.data?.openstack_compute_flavor_v2).toMatchObject({
      flavor: { name: "m1.small" },
      bastion_flavor: { name: "m1.tiny" },
    });
    expect(Object.keys(config.data?.openstack_images_image_v2 ?? {})).toEqual(["image", "bastion_image"]);
    expect(config.data?.openstack_networking_network_v2).toMatchObject({
      network: { name: "private" },
      external: { network_id: "9a1f0e2d-3c4b-4a59-8677-8695a4b3c2d1" },
    });
  });

  it("refuses the same id twice in one scope", () => {
    expect(() =>
      synthBinding((scope) => {
        flavorByName(scope, "flavor", "m1.small");
        flavorByName(scope, "flavor", "m1.tiny");
      }),
    ).toThrow(/already a Construct with name 'flavor'/);
  });
});
