import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoRequestLiterals,
  checkPlanOnSimulator,
  evaluateHcl,
  synthesizeService,
  useTestSimulator,
} from "../../src/testing/index.js";
import { OUTPUTS_LOST_MESSAGE } from "./index.js";

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
    const stack = await synthesizeService({
      service: "heat-stack",
      plan: "custom",
      parameters: { template, parameters: { greeting: "hello" } },
    });
    expect(stack.config).toMatchSnapshot();
    expect(stack.resource("openstack_orchestration_stack_v1")).toMatchObject({
      template_opts: { Bin: "${var.param_template}" },
      parameters: "${coalesce(var.param_parameters, {})}",
    });
    expect(stack.variables.param_template).toBe(template);
    // Upstream #1833: the environment is always given (an empty one).
    expect(stack.resource("openstack_orchestration_stack_v1").environment_opts).toEqual({ Bin: "\n" });
    expect(stack.json()).not.toContain("/etc/passwd");
    assertNoRequestLiterals(stack);
  });

  it("fails the apply, naming issue #1612, when the provider dropped the template's outputs", async () => {
    const stack = await synthesizeService({ service: "heat-stack", plan: "custom", parameters: { template } });
    const { lifecycle } = stack.resource("openstack_orchestration_stack_v1") as {
      lifecycle: { postcondition: { condition: string; error_message: string }[] };
    };
    expect(lifecycle.postcondition[0].error_message).toBe(OUTPUTS_LOST_MESSAGE);
    // The synthesized condition, evaluated by terraform with `self.outputs` as the provider leaves it.
    const condition = lifecycle.postcondition[0].condition
      .replace(/^\$\{|\}$/g, "")
      .replace("self.outputs", "var.outputs");
    const holds = (outputs: unknown[], text = template) =>
      evaluateHcl({ expression: condition, variables: { outputs, param_template: text } });
    const both = [
      { output_key: "host", output_value: "10.0.0.5" },
      { output_key: "greeting", output_value: "hi" },
    ];
    expect(await holds(both)).toBe(true);
    // A list-valued output (e.g. get_attr [port, fixed_ips]) makes the real provider keep none (#1612).
    expect(await holds([])).toBe(false);
    expect(await holds([], "heat_template_version: 2018-08-31\nresources: {}\n")).toBe(true);
    expect(await holds([], "heat_template_version: [unclosed\n")).toBe(true);
  });

  it("refuses a text that is not a Heat template", async () => {
    await expect(
      synthesizeService({
        service: "heat-stack",
        plan: "custom",
        parameters: { template: "resources: {}\n".repeat(5) },
      }),
    ).rejects.toThrow(/parameters\.template/);
    await expect(
      synthesizeService({ service: "heat-stack", plan: "custom", parameters: { template, parameters: { n: 1 } } }),
    ).rejects.toThrow(/parameters\.parameters/);
  });

  describe("on the simulator", () => {
    const simulator = useTestSimulator({ beforeAll, afterAll });

    it("heat-stack/custom: provision, bind, unbind, deprovision; outputs become credentials", async () => {
      const result = await checkPlanOnSimulator({
        service: "heat-stack",
        plan: "custom",
        parameters: { template, parameters: { greeting: "${hello}" } },
        env: simulator.env,
        cloud: simulator.cloud,
        credentialKeys: ["type", "provider", "stack_id", "outputs"],
      });
      const outputs = result.credentials?.outputs as Record<string, string>;
      expect(outputs.greeting).toBe("${hello}");
      expect(outputs.host).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }, 60_000);
  });
});
