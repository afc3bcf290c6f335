import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Test support of src/terraform's tests: temporary working directories with a hand-written main.tf.json. */

/** A temporary working directory; `cleanup` removes it. */
export interface TestWorkdir {
  readonly dir: string;
  /** Replaces main.tf.json. */
  writeConfig(config: unknown): Promise<void>;
  writeVars(vars: Record<string, unknown>): Promise<void>;
  cleanup(): Promise<void>;
}

/** Creates a temp dir holding `config` as main.tf.json (and `vars` as terraform.tfvars.json). */
export async function createTestWorkdir(config: unknown, vars?: Record<string, unknown>): Promise<TestWorkdir> {
  const dir = await mkdtemp(join(tmpdir(), "tf-runner-"));
  const workdir: TestWorkdir = {
    dir,
    writeConfig: (c) => writeFile(join(dir, "main.tf.json"), JSON.stringify(c, null, 2)),
    writeVars: (v) => writeFile(join(dir, "terraform.tfvars.json"), JSON.stringify(v)),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  await workdir.writeConfig(config);
  if (vars) await workdir.writeVars(vars);
  return workdir;
}

/** A terraform_data resource, optionally with a local-exec provisioner and dependencies. */
export function dataResource(
  options: { input?: unknown; command?: string; dependsOn?: string[]; triggers?: unknown[] } = {},
): Record<string, unknown> {
  return {
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.triggers ? { triggers_replace: options.triggers } : {}),
    ...(options.dependsOn ? { depends_on: options.dependsOn } : {}),
    ...(options.command ? { provisioner: [{ "local-exec": { command: options.command } }] } : {}),
  };
}
