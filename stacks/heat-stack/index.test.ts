import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPlanOnSimulator } from "../../src/testing/plan-check.js";
import { assertNoRequestLiterals, synthesizeService } from "../../src/testing/service-harness.js";
import { startTestSimulator, type TestSimulator } from "../../src/testing/test-simulator.js";

// A user's template: it even carries a terraform-looking string, which must stay text.
const template = `heat_template_version: 2018-08-31
description: two ports
parameters:
  greeting: {type: string, default: "\${file(\\"/etc/passwd\\")}"}
resources:
  port: {type: OS::Neutron::Port, properties: {network: private}}
outputs:
  host: {value: {get_attr: [port, fixed_ips, 0, ip_address]}}
  greeting: {value: {get_param: greeting}}
`;

describe("heat-stack", () => {
  it("passes the template and parameters as variables only", async () => {
    const stack = await synthesizeService({ service: "heat-stack", plan: "custom", parameters: { template, parameters: { greeting: "hello" } } });
    expect(stack.config).toMatchSnapshot();
    expect(stack.resource("openstack_orchestration_stack_v1")).toMatchObject({
      template_opts: { Bin: "${var.param_template}" },
      parameters: '${coalesce(var.param_parameters, {})}',
    });
    expect(stack.variables.param_template).toBe(template);
    expect(stack.json()).not.toContain("/etc/passwd");
    assertNoRequestLiterals(stack);
  });

  it("refuses a text that is not a Heat template", async () => {
    await expect(synthesizeService({ service: "heat-stack", plan: "custom", parameters: { template: "resources: {}\n".repeat(5) } })).rejects.toThrow(/parameters\.template/);
    await expect(synthesizeService({ service: "heat-stack", plan: "custom", parameters: { template, parameters: { n: 1 } } })).rejects.toThrow(/parameters\.parameters/);
  });

  describe("on the simulator", () => {
    let simulator: TestSimulator;
    beforeAll(async () => void (simulator = await startTestSimulator()));
    afterAll(() => simulator?.stop());

    it("heat-stack/custom: provision, bind, unbind, deprovision; outputs become credentials", async () => {
      const result = await checkPlanOnSimulator({
        service: "heat-stack", plan: "custom", parameters: { template, parameters: { greeting: "${hello}" } },
        env: simulator.env, cloud: simulator.cloud, credentialKeys: ["type", "provider", "stack_id", "outputs"],
      });
      const outputs = result.credentials?.outputs as Record<string, string>;
      expect(outputs.greeting).toBe("${hello}");
      expect(outputs.host).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }, 60_000);
  });
});
