import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { defaultTerraformBin } from "../terraform/runner.js";

/** Options of {@link evaluateHcl}. */
export interface EvaluateHclOptions {
  /** A terraform expression, e.g. one taken from a synthesized `cdk.tf.json` with `${` and `}` removed. */
  readonly expression: string;
  /** Values of the `var.<name>` the expression reads (each declared with `type = any`). */
  readonly variables?: Readonly<Record<string, unknown>>;
}

/**
 * Evaluates a terraform expression with real terraform (`terraform console`, no provider, no state)
 * and returns its value decoded from JSON (`null` for null). Lets a test check an expression a
 * construct writes against inputs the simulator cannot (yet) produce, e.g. an auth scope whose
 * region is "". Throws terraform's own error for an invalid expression.
 */
export async function evaluateHcl(options: EvaluateHclOptions): Promise<unknown> {
  const dir = await mkdtemp(join(tmpdir(), "osb-hcl-"));
  try {
    const variables = options.variables ?? {};
    const declared = Object.fromEntries(Object.keys(variables).map((name) => [name, { type: "any" }]));
    await writeFile(
      join(dir, "main.tf.json"),
      JSON.stringify(Object.keys(declared).length > 0 ? { variable: declared } : {}),
    );
    await writeFile(join(dir, "terraform.tfvars.json"), JSON.stringify(variables));
    const result = await execa(defaultTerraformBin(), ["console"], {
      cwd: dir,
      input: `jsonencode(${options.expression})\n`,
      env: { TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
      reject: false,
    });
    if (result.exitCode !== 0) throw new Error(`terraform console: ${result.stderr.trim() || result.stdout.trim()}`);
    const line = result.stdout.trim().split("\n").pop() ?? "";
    return JSON.parse(JSON.parse(line) as string);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
