import { describe, expect } from "vitest";
import { simulatorTest, type TestSimulator } from "../../test/helpers/simulator-harness.js";

function dbStack(db: Record<string, unknown>) {
  return { provider: { openstack: [{}] }, resource: { openstack_db_instance_v1: { db } } };
}

async function validate(simulator: TestSimulator, config: Record<string, unknown>) {
  const dir = await simulator.workdir(config);
  expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
  const result = await simulator.terraform(dir, "validate", "-json");
  return {
    exitCode: result.exitCode,
    report: JSON.parse(result.stdout) as { valid: boolean; diagnostics: { summary: string; detail: string }[] },
  };
}

describe("terraform itself rejects bad stacks using the served schema", () => {
  simulatorTest("a misspelt argument", async ({ simulator }) => {
    const { exitCode, report } = await validate(
      simulator,
      dbStack({ name: "db", size: 1, flavour_id: "2", datastore: [{ type: "mysql", version: "8" }] }),
    );
    expect(exitCode).toBe(1);
    expect(report.valid).toBe(false);
    expect(report.diagnostics[0].summary).toBe("Extraneous JSON object property");
    expect(report.diagnostics[0].detail).toContain('No argument or block type is named "flavour_id"');
  });

  simulatorTest("a wrong type", async ({ simulator }) => {
    const { exitCode, report } = await validate(
      simulator,
      dbStack({ name: "db", size: "large", datastore: [{ type: "mysql", version: "8" }] }),
    );
    expect(exitCode).toBe(1);
    expect(report.diagnostics[0].summary).toBe("Incorrect attribute value type");
    expect(report.diagnostics[0].detail).toContain("a number is required");
  });

  simulatorTest("a missing required block", async ({ simulator }) => {
    const { exitCode, report } = await validate(simulator, dbStack({ name: "db", size: 1 }));
    expect(exitCode).toBe(1);
    expect(report.diagnostics[0].summary).toBe("Insufficient datastore blocks");
  });

  simulatorTest("a missing required argument and an unknown resource type", async ({ simulator }) => {
    const missing = await validate(simulator, dbStack({ size: 1, datastore: [{ type: "mysql", version: "8" }] }));
    expect(missing.report.diagnostics[0].summary).toBe("Missing required argument");
    const unknown = await validate(simulator, {
      provider: { openstack: [{}] },
      resource: { openstack_db_instanse_v1: { db: {} } },
    });
    expect(unknown.report.diagnostics[0].summary).toBe("Invalid resource type");
  });
});
