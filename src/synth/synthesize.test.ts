import { describe, expect, it } from "vitest";
import { TerraformOutput } from "cdktf";
import definition from "../../stacks/terraform-test/index.js";
import type { PlanDefinition, ServiceOffering } from "../domain/service-catalog.js";
import { defineService } from "./service-definition.js";
import { synthesize } from "./synthesize.js";

const plan: PlanDefinition = {
  id: "plan-1",
  name: "default",
  description: "d",
  stack: "terraform-test",
  defaults: {},
  settings: {},
  credentials: ["message"],
  schemas: {
    create: {
      type: "object",
      properties: {
        message: { type: "string" },
        sleep_seconds: { type: "integer" },
        fail_after_first: { type: "boolean" },
      },
    },
    bind: { type: "object", properties: { message: { type: "string" } } },
  },
  source: "test",
};
const service = { id: "svc-1", name: "terraform-test" } as ServiceOffering;
const hostile = '${file("/etc/passwd")} %{ for x in [1] }x%{ endfor }';

describe("synthesize", () => {
  it("puts request values in variables only, never in the configuration", () => {
    const result = synthesize({
      definition,
      service,
      plan,
      kind: "instance",
      values: { message: hostile, sleep_seconds: 3 },
      instanceId: "inst-${x}",
    });
    const config = JSON.stringify(result.config);
    expect(config).not.toContain("/etc/passwd");
    expect(config).not.toContain("inst-");
    expect(result.variables).toEqual({ instance_id: "inst-${x}", param_message: hostile, param_sleep_seconds: 3 });
    expect(result.config.variable).toMatchObject({
      param_message: { type: "string", nullable: true, default: null },
      param_sleep_seconds: { type: "number" },
      param_fail_after_first: { type: "bool" },
    });
    expect(result.config.terraform).toEqual({ backend: { http: {} } });
  });

  it("binding stacks receive instance outputs and secrets as (sensitive) variables; outputs are sensitive", () => {
    const withSecret = defineService({
      instance: () => {},
      binding: (scope, ctx) => {
        new TerraformOutput(scope, "unused", { value: "x" });
        ctx.output("password", ctx.secret("password"));
        ctx.output("host", ctx.instanceOutput("host"));
        ctx.output("missing", ctx.instanceOutput("never_set"));
      },
      secrets: { binding: ["password"] },
    });
    const result = synthesize({
      definition: withSecret,
      service,
      plan,
      kind: "binding",
      values: {},
      instanceId: "i",
      bindingId: "b",
      instanceOutputs: { host: { value: "10.0.0.1", sensitive: false } },
      secrets: { password: "s3cret-value" },
    });
    expect(JSON.stringify(result.config)).not.toContain("s3cret-value");
    expect(result.variables).toMatchObject({ secret_password: "s3cret-value", instance_output_host: "10.0.0.1" });
    expect(result.sensitive).toEqual(["secret_password"]);
    expect(result.config.output).toMatchObject({
      password: { sensitive: true },
      host: { sensitive: true },
      missing: { sensitive: true },
    });
  });

  it("adds required_providers and a provider block with the operator's literal configuration", () => {
    const openstack = defineService({ instance: () => {}, providers: ["openstack"] });
    const result = synthesize({
      definition: openstack,
      service,
      plan,
      kind: "instance",
      values: {},
      instanceId: "i",
      providers: { openstack: { cloud: "prod" } },
    });
    expect(result.config.terraform).toMatchObject({
      required_providers: { openstack: { source: "terraform-provider-openstack/openstack", version: "3.4.0" } },
    });
    expect(result.config.provider).toEqual({ openstack: [{ cloud: "prod" }] });
  });

  it("clears cdktf's global token map after each synthesis and keeps construct errors' stacks", () => {
    const map = (globalThis as { __cdktfTokenMap?: { stringTokenMap: Map<unknown, unknown> } }).__cdktfTokenMap!;
    synthesize({ definition, service, plan, kind: "instance", values: {}, instanceId: "i" });
    expect(map.stringTokenMap.size).toBe(0);
    const broken = defineService({
      instance: () => {
        throw new Error("bad props");
      },
    });
    let caught: Error | undefined;
    try {
      synthesize({ definition: broken, service, plan, kind: "instance", values: {}, instanceId: "i" });
    } catch (error) {
      caught = error as Error;
    }
    expect(caught?.message).toBe("bad props");
    expect(caught?.stack).toContain("synthesize.test.ts");
  });

  it("a writeOnly parameter becomes a sensitive variable", () => {
    const withPassword = defineService({ instance: (_scope, ctx) => void ctx.param("admin_password") });
    const secretPlan = {
      ...plan,
      schemas: { create: { type: "object", properties: { admin_password: { type: "string", writeOnly: true } } } },
    };
    const result = synthesize({
      definition: withPassword,
      service,
      plan: secretPlan,
      kind: "instance",
      values: { admin_password: "pw" },
      instanceId: "i",
    });
    expect(result.sensitive).toEqual(["param_admin_password"]);
    expect(result.config.variable).toMatchObject({ param_admin_password: { sensitive: true, type: "string" } });
  });

  it("refuses a secret the service did not declare", () => {
    const undeclared = defineService({ instance: (_scope, ctx) => void ctx.secret("nope") });
    expect(() =>
      synthesize({ definition: undeclared, service, plan, kind: "instance", values: {}, instanceId: "i" }),
    ).toThrow(/secret "nope"/);
  });
});
