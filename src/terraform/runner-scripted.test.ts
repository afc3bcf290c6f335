import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTerraformRunner } from "./runner.js";
import { createTestWorkdir, type TestWorkdir } from "../../test/helpers/terraform-workdir.js";
import { TerraformError } from "./types.js";

/** Runner behaviour real terraform does not show on demand, checked against small shell scripts. */

const dirs: TestWorkdir[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => d.cleanup()));
});

async function scriptedBin(body: string): Promise<{ bin: string; dir: string }> {
  const w = await createTestWorkdir({});
  dirs.push(w);
  const bin = join(w.dir, "fake-terraform");
  await writeFile(bin, `#!/bin/sh\n${body}\n`);
  await chmod(bin, 0o755);
  return { bin, dir: w.dir };
}

describe("createTerraformRunner (scripted binaries)", () => {
  it("SIGKILLs a process that ignores SIGINT once the grace period is over", async () => {
    const { bin, dir } = await scriptedBin("trap '' INT\nexec sleep 30");
    const runner = createTerraformRunner({ bin, killGraceMs: 300 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 200);
    const error = await runner.apply({ cwd: dir, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TerraformError);
    expect(error).toMatchObject({ reason: "cancelled", command: "apply" });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("falls back to text-mode init when `init -json` is not supported", async () => {
    const { bin, dir } = await scriptedBin(
      [
        'echo "$@" >> calls.txt',
        'case "$*" in *-json*) echo "Error: Failed to parse command-line flags" >&2; echo "flag provided but not defined: -json" >&2; exit 1;; esac',
        'echo "Terraform has been successfully initialized!"',
      ].join("\n"),
    );
    const runner = createTerraformRunner({ bin });
    const result = await runner.init({ cwd: dir });
    expect(result.exitCode).toBe(0);
    await runner.init({ cwd: dir });
    const calls = (await readFile(join(dir, "calls.txt"), "utf8")).trim().split("\n");
    expect(calls).toEqual([
      "init -input=false -no-color -json",
      "init -input=false -no-color",
      "init -input=false -no-color",
    ]);
  });

  it("turns stderr of a failing command into the error message when there is no JSON diagnostic", async () => {
    const { bin, dir } = await scriptedBin(
      'echo "Error: Backend initialization required" >&2\necho "Run terraform init." >&2\nexit 1',
    );
    const error = await createTerraformRunner({ bin })
      .plan({ cwd: dir })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      reason: "failed",
      exitCode: 1,
      message: "Backend initialization required: Run terraform init.",
    });
    const silent = await scriptedBin("exit 3");
    const error2 = await createTerraformRunner({ bin: silent.bin })
      .apply({ cwd: silent.dir })
      .catch((e: unknown) => e);
    expect(error2).toMatchObject({ reason: "failed", exitCode: 3, message: "terraform apply failed with exit code 3" });
  });

  it("rejects a missing working directory without starting anything", async () => {
    const error = await createTerraformRunner({ bin: "/bin/false" })
      .init({ cwd: "/nonexistent/dir" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      reason: "failed",
      message: "terraform init: working directory /nonexistent/dir does not exist",
    });
  });
});
