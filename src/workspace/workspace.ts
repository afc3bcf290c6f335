/**
 * @module workspace — the one way from the broker down to terraform (src/workspace/README.md).
 * Words, used the same everywhere:
 * - a **stack** is a construct and its definition (`stacks/<name>`, a `ServiceDefinition`) with the
 *   values of one instance or binding (`StackSpec`);
 * - a **workspace** is a stack synthesized into its own working directory together with its state
 *   (in the store, reached through the broker's http backend with this workspace's credentials);
 * - a **run** is one terraform command sequence in a workspace (`init` + `apply` / `destroy`, or the
 *   read-only `init` + `plan` + `show`).
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { synthesize, type SynthesizeOptions } from "../synth/synthesize.js";
import type { StateRef } from "../state/keys.js";
import type { IssueOptions, RunCredentialIssuer } from "./run-credentials.js";
import { workspaceDirName } from "./workspace-dir-name.js";

/** Literal provider configuration by provider name (`{ openstack: { cloud } }`). */
export type ProviderSettings = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** What every workspace of a runner shares (the broker's, or a dry-run's). */
export interface WorkspaceSetup {
  /** Parent directory of the workspaces (WORK_DIR, or a dry-run's private folder). */
  readonly workDir: string;
  /** Base URL of the broker's state backend, e.g. `http://127.0.0.1:8080` (known once listening). */
  readonly stateBackendUrl: () => string;
  /** Issues each workspace's state backend credentials (revoked when the workspace is removed). */
  readonly credentials: RunCredentialIssuer;
  /** Environment for every terraform command (simulator reattach, OS_CLIENT_CONFIG_FILE...). */
  readonly providerEnv?: () => Readonly<Record<string, string>>;
  /** Literal provider configuration by provider name (the operator's choice, e.g. `cloud`). */
  readonly providers?: ProviderSettings;
}

/** The stack of a workspace and the cloud it runs on. */
export interface WorkspaceRequest {
  /** What to synthesize: everything but the backend and providers (the workspace's). */
  readonly synth: Omit<SynthesizeOptions, "backend" | "providers">;
  /** The stored state the workspace reads and writes through the state backend. */
  readonly ref: StateRef;
  /** Per-run provider settings (the instance's cloud, `{ openstack: { cloud } }`), over {@link WorkspaceSetup.providers}. */
  readonly providers?: ProviderSettings;
  /** Per-run terraform environment (the cloud's blanked OS_* variables), over `providerEnv`. */
  readonly env?: Readonly<Record<string, string>>;
  /** Private files for the working directory while terraform runs (the cloud's clouds.yaml): secrets. */
  readonly files?: Readonly<Record<string, string>>;
  /** The run applies or destroys: its state's lock is taken at once (src/state/ahead-lock.ts). */
  readonly lockAhead?: IssueOptions["lockAhead"];
}

/**
 * A workspace: a stack synthesized into its own working directory, with its state (in the store,
 * reached through the broker's http backend with credentials of this workspace only).
 */
export interface Workspace {
  readonly dir: string;
  /** The synthesized cdk.tf.json. */
  readonly config: Record<string, unknown>;
  /** Terraform's environment: the provider env, then the run's, then the state backend's address and credentials. */
  readonly env: Readonly<Record<string, string>>;
  /** Output names the stack declares. */
  readonly outputs: readonly string[];
  /** Runs `fn` while terraform.tfvars.json and the run's private files exist; removes them afterwards. */
  withPrivateFiles<T>(fn: () => Promise<T>): Promise<T>;
  /** The last state terraform wrote in this workspace (stored by the backend), if it wrote one. */
  writtenState(): Uint8Array | undefined;
}

/**
 * Synthesizes `request` into a fresh directory under `setup.workDir`, issues its state credentials,
 * runs `fn` in it, then removes it. Rules: the variables file and the cloud's files (they may hold
 * secrets) exist only inside {@link Workspace.withPrivateFiles} (init needs neither), private to the
 * broker's user; the directory is removed when `fn` ends, successful or not; the credentials are
 * revoked (and an ahead lock that terraform did not adopt released) in `finally`.
 */
export async function withWorkspace<T>(
  setup: WorkspaceSetup,
  request: WorkspaceRequest,
  fn: (workspace: Workspace) => Promise<T>,
): Promise<T> {
  const { ref, synth } = request;
  const dir = join(setup.workDir, workspaceDirName(ref));
  const credentials = setup.credentials.issue(ref, { lockAhead: request.lockAhead });
  const address = `${setup.stateBackendUrl()}/tfstate/instances/${ref.instanceId}${ref.bindingId === undefined ? "" : `/bindings/${ref.bindingId}`}`;
  const env = {
    ...(setup.providerEnv?.() ?? {}),
    ...request.env,
    TF_HTTP_ADDRESS: address,
    TF_HTTP_LOCK_ADDRESS: address,
    TF_HTTP_UNLOCK_ADDRESS: address,
    TF_HTTP_USERNAME: credentials.username,
    TF_HTTP_PASSWORD: credentials.password,
  };
  try {
    const synthesis = synthesize({
      ...synth,
      backend: "http",
      providers: mergeProviders(setup.providers, request.providers),
    });
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(join(dir, "cdk.tf.json"), JSON.stringify(synthesis.config, null, 2));
    const varsFile = join(dir, "terraform.tfvars.json");
    const secretFiles = [
      [varsFile, JSON.stringify(synthesis.variables)] as const,
      ...Object.entries(request.files ?? {}).map(([name, text]) => [join(dir, name), text] as const),
    ];
    return await fn({
      dir,
      config: synthesis.config,
      env,
      outputs: synthesis.outputs,
      writtenState: () => credentials.written(),
      async withPrivateFiles(inner) {
        try {
          for (const [file, text] of secretFiles) await writeFile(file, text, { mode: 0o600 });
          return await inner();
        } finally {
          // MUST remove every secret file, whatever terraform did.
          await Promise.all(secretFiles.map(([file]) => rm(file, { force: true })));
        }
      },
    });
  } finally {
    // MUST revoke the credentials and remove the directory, whatever happened.
    await Promise.all([credentials.end(), rm(dir, { recursive: true, force: true })]);
  }
}

/** Provider settings of a run over the setup's: per provider name, the run's keys win. */
function mergeProviders(
  global: ProviderSettings | undefined,
  run: ProviderSettings | undefined,
): ProviderSettings | undefined {
  if (run === undefined) return global;
  const out: Record<string, Readonly<Record<string, unknown>>> = { ...global };
  for (const [name, settings] of Object.entries(run)) out[name] = { ...out[name], ...settings };
  return out;
}
