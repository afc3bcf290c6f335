import { execCommand } from "./exec.js";
import { diagnosticsFromText, joinErrorDiagnostics } from "./diagnostics.js";
import { DEFAULT_KILL_GRACE_MS, defaultTerraformBin, notFoundMessage } from "./runner.js";
import { TerraformError } from "./types.js";

/** Options of {@link checkTerraform}. */
export interface CheckTerraformOptions {
  /** Environment for the check. Default: process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Default 15 000 ms. */
  readonly timeoutMs?: number;
}

/**
 * Start-up check: runs `<bin> version -json` and returns the version (`terraform_version`, which
 * OpenTofu reports too). Rejects with a {@link TerraformError} — reason "not-found" naming the binary
 * when it is missing. The error's `command` is "init", the first command a missing binary would break.
 */
export async function checkTerraform(
  bin: string = defaultTerraformBin(),
  options: CheckTerraformOptions = {},
): Promise<{ version: string }> {
  const outcome = await execCommand({
    bin,
    args: ["version", "-json"],
    cwd: process.cwd(),
    env: { ...(options.env ?? process.env), CHECKPOINT_DISABLE: "1" },
    timeoutMs: options.timeoutMs ?? 15_000,
    killGraceMs: DEFAULT_KILL_GRACE_MS,
  });
  if (outcome.status === "not-found") throw new TerraformError(notFoundMessage(bin), "init", [], "not-found");
  if (outcome.status === "timeout") throw new TerraformError(`"${bin} version" timed out`, "init", [], "timeout");
  const version = parseVersion(outcome.stdout);
  if (outcome.status !== "exited" || outcome.exitCode !== 0 || !version) {
    const diagnostics = diagnosticsFromText(outcome.stderr, `"${bin} version -json" failed`);
    const message = joinErrorDiagnostics(diagnostics, { fallback: `"${bin} version -json" printed no version` });
    throw new TerraformError(message, "init", diagnostics, "failed", outcome.exitCode);
  }
  return { version };
}

function parseVersion(stdout: string): string | undefined {
  try {
    const parsed = JSON.parse(stdout) as { terraform_version?: unknown };
    if (typeof parsed.terraform_version === "string") return parsed.terraform_version;
  } catch {
    // Not JSON: an old binary printing "Terraform v1.x.y".
  }
  return /v?(\d+\.\d+\.\d+\S*)/.exec(stdout)?.[1];
}
