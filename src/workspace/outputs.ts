import type { StackOutput } from "../synth/synthesize.js";
import type { TerraformOutput } from "../terraform/types.js";

/**
 * The root module's outputs from a terraform state (format version 4), as `terraform output -json`
 * reports them; reading them from the state the broker stores saves a terraform process per apply.
 */
export function outputsOf(state: Uint8Array | undefined): Record<string, TerraformOutput> {
  if (state === undefined) return {};
  const parsed = JSON.parse(new TextDecoder().decode(state)) as {
    version?: number;
    outputs?: Record<string, TerraformOutput>;
  };
  if (parsed.version !== 4) throw new Error(`unsupported terraform state version ${parsed.version}`);
  return parsed.outputs ?? {};
}

/** Terraform outputs as the instance record keeps them (value + sensitivity). */
export function toStackOutputs(outputs: Readonly<Record<string, TerraformOutput>>): Record<string, StackOutput> {
  return Object.fromEntries(
    Object.entries(outputs).map(([name, output]) => [name, { value: output.value, sensitive: output.sensitive }]),
  );
}
