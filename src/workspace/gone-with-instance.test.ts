import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRunCredentialIssuer } from "./run-credentials.js";
import { createFakeRunner } from "../terraform/fake-runner.js";
import { TerraformError, type TerraformDiagnostic } from "../terraform/types.js";
import { loadCatalogEntry } from "../testing/catalog-entry.js";
import { createWorkspaceRunner, type RunLog } from "./workspace-runner.js";
import { goneWithInstance } from "./gone-with-instance.js";

/**
 * Unbinding a Trove binding whose instance was deleted behind the broker's back. The real provider's
 * openstack_db_user_v1 Read and Delete first list the instance's users (databaseUserV1Exists in
 * openstack/db_user_v1.go); Trove answers 404 for a gone instance, and the provider reports
 * "Error checking if openstack_db_user_v1 <instance>/<user> exists: ..." with gophercloud's
 * "... but got 404 instead" — on refresh and on delete alike.
 */
const userGone: TerraformDiagnostic = {
  severity: "error",
  summary:
    "Error checking if openstack_db_user_v1 3f1c/u0123456789abcde exists: Expected HTTP response code [200] when accessing [GET https://trove/v1.0/p/instances/3f1c/users], but got 404 instead",
  detail: "",
  address: "openstack_db_user_v1.user",
};
const failure = (diagnostics: TerraformDiagnostic[], reason: TerraformError["reason"] = "failed") =>
  new TerraformError(diagnostics.map((d) => d.summary).join("\n"), "destroy", diagnostics, reason, 1);
const config = { resource: { openstack_db_user_v1: { user: {} }, terraform_data: { other: {} } } };

describe("goneWithInstance", () => {
  it("names the declared resources terraform reported not found", () => {
    expect(goneWithInstance(failure([userGone]), ["openstack_db_user_v1"], config)).toEqual([
      "openstack_db_user_v1.user",
    ]);
    const withoutAddress = {
      ...userGone,
      address: undefined,
      summary: "Error checking if openstack_db_user_v1 3f1c/u1 exists: Resource not found",
    };
    expect(goneWithInstance(failure([withoutAddress]), ["openstack_db_user_v1"], config)).toEqual([
      "openstack_db_user_v1.user",
    ]);
  });

  it("forgets nothing for any other failure, or for a type the service did not declare", () => {
    const serverError = { ...userGone, summary: userGone.summary.replace("404", "500") };
    expect(goneWithInstance(failure([serverError]), ["openstack_db_user_v1"], config)).toEqual([]);
    expect(goneWithInstance(failure([userGone], "timeout"), ["openstack_db_user_v1"], config)).toEqual([]);
    expect(goneWithInstance(failure([userGone]), [], config)).toEqual([]);
    expect(goneWithInstance(new Error("boom"), ["openstack_db_user_v1"], config)).toEqual([]);
    const credential = {
      ...userGone,
      address: "openstack_identity_application_credential_v3.credential",
      summary: "got 404 instead",
    };
    expect(goneWithInstance(failure([credential]), ["openstack_db_user_v1"], config)).toEqual([]);
  });
});

describe("the unbind of a Trove binding whose instance is gone", () => {
  let workDir: string;
  beforeAll(async () => void (workDir = await mkdtemp(join(tmpdir(), "gone-with-instance-"))));
  afterAll(() => rm(workDir, { recursive: true, force: true }));
  const log: RunLog & { lines: string[] } = {
    lines: [],
    event: () => undefined,
    broker(line) {
      this.lines.push(line);
    },
  };

  async function unbind(runner: ReturnType<typeof createFakeRunner>) {
    const { definition, service, plan } = await loadCatalogEntry("trove-mysql", "small");
    const stacks = createWorkspaceRunner({
      runner,
      workDir,
      stateBackendUrl: () => "http://127.0.0.1:9",
      credentials: createRunCredentialIssuer(),
      readState: async () => undefined,
    });
    const instanceOutputs = Object.fromEntries(
      Object.entries({ trove_instance_id: "3f1c", host: "10.0.0.5", port: 3306, database: "app" }).map(([k, v]) => [
        k,
        { value: v, sensitive: false },
      ]),
    );
    return stacks.run({
      synth: {
        definition,
        service,
        plan,
        kind: "binding",
        values: {},
        instanceId: "i-1",
        bindingId: "b-1",
        instanceOutputs,
        secrets: { password: "x".repeat(32) },
      },
      action: "destroy",
      ref: { instanceId: "i-1", bindingId: "b-1" },
      signal: new AbortController().signal,
      deadline: Date.now() + 60_000,
      log,
      onProgress: () => undefined,
      goneWithInstance: definition.bindingGoneWithInstance,
    });
  }

  it("forgets the user (it went with the instance) and finishes the destroy", async () => {
    const runner = createFakeRunner();
    runner.failNext("destroy", failure([userGone]));
    await unbind(runner);
    expect(runner.calls.map((c) => c.method)).toEqual(["init", "destroy", "stateRemove", "destroy"]);
    expect(runner.callsOf("stateRemove")[0].options.addresses).toEqual(["openstack_db_user_v1.user"]);
    expect(log.lines.at(-1)).toMatch(/openstack_db_user_v1\.user went with the instance/);
  });

  it("still fails when Trove fails otherwise (the user may exist: never forgotten)", async () => {
    const runner = createFakeRunner();
    runner.failNext("destroy", failure([{ ...userGone, summary: userGone.summary.replace("404", "503") }]));
    await expect(unbind(runner)).rejects.toThrow(/503/);
    expect(runner.callsOf("stateRemove")).toEqual([]);
  });
});
