import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkTerraform } from "./check.js";
import { describeProgress } from "./progress.js";
import { createTerraformRunner } from "./runner.js";
import { createTestWorkdir, dataResource, type TestWorkdir } from "../../test/helpers/terraform-workdir.js";
import { TerraformError, type TerraformEvent, type TerraformProgress } from "./types.js";

const TERRAFORM = "/usr/local/bin/terraform";
const runner = createTerraformRunner({ bin: TERRAFORM, killGraceMs: 3000 });
const dirs: TestWorkdir[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => d.cleanup()));
});

async function workdir(config: unknown, vars?: Record<string, unknown>): Promise<TestWorkdir> {
  const w = await createTestWorkdir(config, vars);
  dirs.push(w);
  return w;
}

async function rejection(promise: Promise<unknown>): Promise<TerraformError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TerraformError);
  return error as TerraformError;
}

const resources = (map: Record<string, unknown>) => ({ resource: { terraform_data: map } });

describe("createTerraformRunner (real terraform)", () => {
  it("runs init / plan / apply / output / destroy, with plan detailed exit codes", async () => {
    const w = await workdir(
      {
        ...resources({ a: dataResource({ input: "${var.name}" }) }),
        variable: { name: { type: "string" } },
        output: { name: { value: "${terraform_data.a.output}" }, secret: { value: "s", sensitive: true } },
      },
      { name: "alpha" },
    );
    const init = await runner.init({ cwd: w.dir });
    expect(init.exitCode).toBe(0);
    await expect(runner.validate({ cwd: w.dir })).resolves.toMatchObject({ command: "validate", exitCode: 0 });

    const plan = await runner.plan({ cwd: w.dir, out: "tfplan" });
    expect(plan).toMatchObject({ hasChanges: true, exitCode: 2, changes: { add: 1, change: 0, remove: 0 } });
    const apply = await runner.apply({ cwd: w.dir, planFile: "tfplan" });
    expect(apply.changes).toEqual({ add: 1, change: 0, remove: 0 });

    const outputs = await runner.output({ cwd: w.dir });
    expect(outputs.name).toEqual({ value: "alpha", sensitive: false, type: "string" });
    expect(outputs.secret).toMatchObject({ value: "s", sensitive: true });

    const again = await runner.plan({ cwd: w.dir });
    expect(again).toMatchObject({ hasChanges: false, exitCode: 0 });

    const destroy = await runner.destroy({ cwd: w.dir });
    expect(destroy.changes).toEqual({ add: 0, change: 0, remove: 1 });
    const state = JSON.parse(await readFile(join(w.dir, "terraform.tfstate"), "utf8"));
    expect(state.resources).toEqual([]);
  });

  it("passes terraform.tfvars.json values literally: no template evaluation", async () => {
    const trap = '${file("/etc/passwd")}';
    const w = await workdir(
      {
        variable: { v: { type: "string" } },
        ...resources({ a: dataResource({ input: "${var.v}" }) }),
        output: { v: { value: "${terraform_data.a.output}" } },
      },
      { v: trap },
    );
    await runner.init({ cwd: w.dir });
    await runner.apply({ cwd: w.dir });
    const outputs = await runner.output({ cwd: w.dir });
    expect(outputs.v.value).toBe(trap);
    expect(String(outputs.v.value)).not.toContain("root:");
  });

  it("reports events and progress for a 3-resource apply", async () => {
    const w = await workdir(
      resources({ a: dataResource({ input: 1 }), b: dataResource({ input: 2 }), c: dataResource({ command: "true" }) }),
    );
    await runner.init({ cwd: w.dir });
    const events: TerraformEvent[] = [];
    const progress: TerraformProgress[] = [];
    await runner.apply({ cwd: w.dir, onEvent: (e) => events.push(e), onProgress: (p) => progress.push(p) });
    expect(events[0]).toMatchObject({ type: "version", level: "info" });
    expect(events.filter((e) => e.type === "apply_complete")).toHaveLength(3);
    const last = progress.at(-1)!;
    expect(last).toEqual({ command: "apply", done: 3, total: 3 });
    expect(describeProgress(last)).toBe("applying: 3 of 3 resources done");
    expect(progress.map((p) => p.done)).toEqual([0, 0, 0, 1, 2, 3]);
  });

  it("rejects a failing apply with terraform's error text, redacting the extra env values", async () => {
    const w = await workdir(
      resources({
        ok: dataResource({ input: "x" }),
        bad: dataResource({ dependsOn: ["terraform_data.ok"], command: 'echo "boom $MY_TOKEN" >&2; exit 1' }),
      }),
    );
    await runner.init({ cwd: w.dir });
    const error = await rejection(runner.apply({ cwd: w.dir, env: { MY_TOKEN: "tok-123456" } }));
    expect(error.reason).toBe("failed");
    expect(error.command).toBe("apply");
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain("local-exec provisioner error (terraform_data.bad): Error running command");
    expect(error.message).toContain("boom [redacted]");
    expect(error.message).not.toContain("tok-123456");
    expect(error.diagnostics.some((d) => d.severity === "error" && d.address === "terraform_data.bad")).toBe(true);
  });

  it("cancels on abort: SIGINT, reason cancelled, state kept for finished resources", async () => {
    const w = await workdir(
      resources({
        ok: dataResource({ input: "x" }),
        slow: dataResource({ dependsOn: ["terraform_data.ok"], command: "sleep 30" }),
      }),
    );
    await runner.init({ cwd: w.dir });
    const controller = new AbortController();
    const started = Date.now();
    const onEvent = (e: TerraformEvent): void => {
      if (e.type === "provision_start") controller.abort();
    };
    const error = await rejection(runner.apply({ cwd: w.dir, signal: controller.signal, onEvent }));
    expect(error.reason).toBe("cancelled");
    expect(error.message).toBe("terraform apply was cancelled");
    expect(Date.now() - started).toBeLessThan(10_000);
    const state = JSON.parse(await readFile(join(w.dir, "terraform.tfstate"), "utf8"));
    expect(state.resources.map((r: { name: string }) => r.name)).toContain("ok");
  });

  it("stops a command at its timeout with reason timeout", async () => {
    const w = await workdir(resources({ slow: dataResource({ command: "sleep 30" }) }));
    await runner.init({ cwd: w.dir });
    const started = Date.now();
    const error = await rejection(runner.apply({ cwd: w.dir, timeoutMs: 1500 }));
    expect(error.reason).toBe("timeout");
    expect(error.message).toBe("terraform apply timed out after 1500 ms");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("reports an invalid configuration through validate and plan diagnostics", async () => {
    const w = await workdir(resources({ a: { no_such_argument: 1 } }));
    await runner.init({ cwd: w.dir });
    const validate = await rejection(runner.validate({ cwd: w.dir }));
    expect(validate.message).toMatch(
      /^Extraneous JSON object property \(main\.tf\.json:\d+\): No argument .*"no_such_argument"/,
    );
    expect(validate.diagnostics[0]).toMatchObject({ severity: "error", summary: "Extraneous JSON object property" });
    const plan = await rejection(runner.plan({ cwd: w.dir }));
    expect(plan.reason).toBe("failed");
    expect(plan.message).toContain('No argument or block type is named "no_such_argument"');
  });

  it("sets TF_IN_AUTOMATION, TF_PLUGIN_CACHE_DIR (created) and the caller's env", async () => {
    const w = await workdir(resources({ e: dataResource({ command: "env > env.txt" }) }));
    const cache = join(w.dir, "plugin-cache");
    const withCache = createTerraformRunner({ bin: TERRAFORM, pluginCacheDir: cache, cliConfigFile: "/dev/null" });
    await withCache.init({ cwd: w.dir });
    await access(cache);
    await withCache.apply({ cwd: w.dir, env: { EXTRA_VAR: "present" } });
    const env = await readFile(join(w.dir, "env.txt"), "utf8");
    expect(env).toContain("TF_IN_AUTOMATION=1");
    expect(env).toContain(`TF_PLUGIN_CACHE_DIR=${cache}`);
    expect(env).toContain("TF_CLI_CONFIG_FILE=/dev/null");
    expect(env).toContain("EXTRA_VAR=present");
  });

  it("names a missing binary (reason not-found) and checks the real one", async () => {
    const w = await workdir(resources({}));
    const missing = createTerraformRunner({ bin: "/nonexistent/terraform-nope" });
    const error = await rejection(missing.init({ cwd: w.dir }));
    expect(error.reason).toBe("not-found");
    expect(error.message).toContain('"/nonexistent/terraform-nope"');
    await expect(checkTerraform(TERRAFORM)).resolves.toEqual({ version: "1.11.4" });
    const check = await rejection(checkTerraform("/nonexistent/tofu-nope"));
    expect(check.reason).toBe("not-found");
    expect(check.message).toContain("/nonexistent/tofu-nope");
  });
});
