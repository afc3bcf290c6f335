import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { simulatorTest, type TestSimulator } from "../../../test/helpers/simulator-harness.js";

/** The shape of the zaqar-queue binding template: OS::Zaqar::SignedQueueURL with list attributes. */
const signedUrl = (methods: string, paths: string, outputs: string) => `heat_template_version: 2018-08-31
parameters:
  queue_name: { type: string }
  ttl: { type: number, default: 600 }
resources:
  signed:
    type: OS::Zaqar::SignedQueueURL
    properties:
      queue: { get_param: queue_name }
      ttl: { get_param: ttl }
      methods: ${methods}
      paths: ${paths}
outputs:
${outputs}
`;
const STRING_OUTPUTS = `  signature: { value: { get_attr: [signed, signature] } }
  methods: { value: { list_join: [",", { get_attr: [signed, methods] }] } }`;
const LIST_OUTPUT = `  paths: { value: { get_attr: [signed, paths] } }`;

function stack(
  template: string,
  extra: Record<string, unknown> = { environment_opts: { Bin: "\n" } },
  name = "osb-b1",
) {
  return {
    provider: { openstack: [{}] },
    resource: {
      openstack_orchestration_stack_v1: {
        s: { name, template_opts: { Bin: template }, parameters: { queue_name: "orders" }, ...extra },
      },
    },
    output: {
      heat: { value: "${{ for o in openstack_orchestration_stack_v1.s.outputs : o.output_key => o.output_value }}" },
    },
  };
}

async function apply(simulator: TestSimulator, config: Record<string, unknown>) {
  const dir = await simulator.workdir(config);
  expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
  return { dir, run: await simulator.terraform(dir, "apply", "-auto-approve", "-no-color") };
}

const outputs = async (simulator: TestSimulator, dir: string) =>
  (
    JSON.parse((await simulator.terraform(dir, "output", "-json")).stdout) as {
      heat: { value: Record<string, string> };
    }
  ).heat.value;

describe("Heat: the provider's request building and Heat's validation", () => {
  simulatorTest(
    "without environment_opts the provider fetches the working directory and fails (upstream #1833)",
    async ({ simulator }) => {
      const { run } = await apply(simulator, stack(signedUrl("[GET, POST]", "[messages]", STRING_OUTPUTS), {}));
      expect(run.exitCode).toBe(1);
      // orchestration_stack_v1.go buildEnvironmentOpts + gophercloud stacks.Create / TE.Parse.
      expect(run.stderr).toContain(
        "Error: Error creating openstack_orchestration_stack_v1: error creating the options map: Data in neither json nor yaml format.",
      );
      expect(await simulator.cloud.list()).toEqual([]);
    },
  );

  simulatorTest(
    "HEAD is not an allowed method of OS::Zaqar::SignedQueueURL: Heat's 400 at stack create",
    async ({ simulator }) => {
      const { run } = await apply(simulator, stack(signedUrl("[GET, HEAD, POST]", "[messages]", STRING_OUTPUTS)));
      expect(run.exitCode).toBe(1);
      // heat zaqar/queue.py (AllowedValues GET, DELETE, PATCH, POST, PUT), constraints.py message,
      // heat/api/middleware/fault.py body; gophercloud stacks.Create POST default OkCodes [201 202].
      expect(run.stderr).toContain(
        "Error: Error creating openstack_orchestration_stack_v1: Expected HTTP response code [201 202] when accessing " +
          "[POST https://heat.openstack.simulator:8004/v1/8d5f3a2c9b7e4f1aa0c6d2e8b4f7a9c1/stacks], but got 400 instead: " +
          '{"code": 400, "title": "Bad Request", "explanation": "The server could not comply with the request since it is either malformed or otherwise incorrect.", ' +
          '"error": {"message": "Property error: resources.signed.properties.methods[1]: \\"HEAD\\" is not an allowed value [GET, DELETE, PATCH, POST, PUT]", "traceback": null, "type": "StackValidationFailed"}}',
      );
    },
  );

  simulatorTest(
    "a path Zaqar does not sign fails the stack: rolled back, or CREATE_FAILED with disable_rollback",
    async ({ simulator }) => {
      const rolledBack = await apply(simulator, stack(signedUrl("[GET]", "[messages, queues]", STRING_OUTPUTS)));
      expect(rolledBack.run.exitCode).toBe(1);
      // resource_openstack_orchestration_stack_v1.go: StateChangeConf targets; SDK UnexpectedStateError.
      expect(rolledBack.run.stderr).toMatch(
        /Error waiting for openstack_orchestration_stack_v1 [0-9a-f-]{36} to become ready: unexpected state 'ROLLBACK_COMPLETE', wanted target 'CREATE_COMPLETE, UPDATE_COMPLETE, UPDATE_IN_PROGRESS'\. last error: %!s\(<nil>\)/,
      );
      const failed = await apply(
        simulator,
        stack(
          signedUrl("[GET]", "[queues]", STRING_OUTPUTS),
          { environment_opts: { Bin: "\n" }, disable_rollback: true },
          "osb-b2",
        ),
      );
      expect(failed.run.stderr).toMatch(
        /to become ready: The stack is in error status\. Please check with your cloud admin or check the orchestration API logs to see why this error occurred\./,
      );
      // The stacks stay in Heat (ROLLBACK_COMPLETE, CREATE_FAILED); terraform recorded neither, so the
      // next apply asks for the same name again: Heat's 409 StackExists.
      expect(await simulator.cloud.list("openstack_orchestration_stack_v1")).toHaveLength(2);
      const again = await simulator.terraform(failed.dir, "apply", "-auto-approve", "-no-color");
      expect(again.stderr).toContain(
        'but got 409 instead: {"code": 409, "title": "Conflict", "explanation": "There was a conflict when trying to complete your request.", "error": {"message": "The Stack (osb-b2) already exists.", "traceback": null, "type": "StackExists"}}',
      );
    },
  );

  simulatorTest("a missing template parameter is Heat's UserParameterMissing", async ({ simulator }) => {
    const config = stack(signedUrl("[GET]", "[messages]", STRING_OUTPUTS));
    const { run } = await apply(simulator, {
      ...config,
      resource: {
        openstack_orchestration_stack_v1: {
          s: { ...config.resource.openstack_orchestration_stack_v1.s, parameters: {} },
        },
      },
    });
    expect(run.stderr).toContain(
      '"error": {"message": "The Parameter (queue_name) was not provided.", "traceback": null, "type": "UserParameterMissing"}',
    );
  });
});

describe("Heat: list-valued outputs wipe the provider's outputs (upstream #1612)", () => {
  simulatorTest(
    "string outputs arrive; one list output empties them all on create and freezes them on update",
    async ({ simulator }) => {
      const strings = await apply(simulator, stack(signedUrl("[GET, POST]", "[messages, claims]", STRING_OUTPUTS)));
      expect(strings.run.stderr).toBe("");
      const before = await outputs(simulator, strings.dir);
      expect(before.methods).toBe("GET,POST");
      expect(before.signature).toMatch(/^[0-9a-f]{64}$/);

      // The same template plus `paths` (a list): the provider's d.Set("outputs") fails and writes nothing.
      const withList = await apply(
        simulator,
        stack(signedUrl("[GET, POST]", "[messages]", `${STRING_OUTPUTS}\n${LIST_OUTPUT}`), undefined, "osb-b2"),
      );
      expect(withList.run.exitCode).toBe(0);
      expect(await outputs(simulator, withList.dir)).toEqual({});

      // Updating the first stack to add the list output keeps its previous outputs.
      const file = join(strings.dir, "main.tf.json");
      const updated = JSON.parse(await readFile(file, "utf8")) as ReturnType<typeof stack>;
      updated.resource.openstack_orchestration_stack_v1.s.template_opts.Bin = signedUrl(
        "[GET, POST]",
        "[messages, claims]",
        `${STRING_OUTPUTS}\n${LIST_OUTPUT}`,
      );
      await writeFile(file, JSON.stringify(updated));
      expect((await simulator.terraform(strings.dir, "apply", "-auto-approve", "-no-color")).exitCode).toBe(0);
      expect(await outputs(simulator, strings.dir)).toEqual(before);
    },
  );

  simulatorTest("removing environment_opts later makes the update fail the same way", async ({ simulator }) => {
    const { dir, run } = await apply(simulator, stack(signedUrl("[GET]", "[messages]", STRING_OUTPUTS)));
    expect(run.exitCode).toBe(0);
    const file = join(dir, "main.tf.json");
    const config = JSON.parse(await readFile(file, "utf8")) as {
      resource: { openstack_orchestration_stack_v1: { s: Record<string, unknown> } };
    };
    delete config.resource.openstack_orchestration_stack_v1.s.environment_opts;
    config.resource.openstack_orchestration_stack_v1.s.parameters = { queue_name: "invoices" };
    await writeFile(file, JSON.stringify(config));
    const [created] = await simulator.cloud.list("openstack_orchestration_stack_v1");
    const update = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
    // resourceOrchestrationStackV1Update: "Error updating ... %s: %s" around stacks.Update's error.
    expect(update.stderr).toContain(
      `Error: Error updating openstack_orchestration_stack_v1 ${created.id}: Data in neither json nor yaml format.`,
    );
  });
});
