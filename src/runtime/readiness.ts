import type { Logger } from "../logging/logger.js";
import type { StateStore } from "../state/state-store.js";
import { checkTerraform } from "../terraform/check.js";

/** Options of {@link createReadiness}. */
export interface ReadinessOptions {
  /** The broker's store (reachable: a read of a key that need not exist answers). */
  readonly store: StateStore;
  /** TERRAFORM_BIN (found: `version -json` answers). */
  readonly terraformBin: string;
  /** Whether the broker is shutting down. */
  readonly draining: () => boolean;
  readonly logger: Logger;
  /** How long a terraform check is reused. Default 30 s. */
  readonly terraformCheckMs?: number;
  /** Limit of the store read. Default 5 s (below the probe's timeoutSeconds). */
  readonly storeTimeoutMs?: number;
}

/** The key readiness reads; it never exists, any answer but an error means the store is reachable. */
const PROBE_KEY = "readyz-probe";

/**
 * The readiness check of `GET /readyz`. The broker listens only after the catalog, its stacks, the
 * clouds and the store were checked, so a broker that answers has its catalog; this re-checks what
 * can change: not draining, the store reachable, terraform found (cached for `terraformCheckMs`).
 * Which check failed goes to the log (once per change, at warn), never to the response.
 */
export function createReadiness(options: ReadinessOptions): () => Promise<boolean> {
  const terraformCheckMs = options.terraformCheckMs ?? 30_000;
  const storeTimeoutMs = options.storeTimeoutMs ?? 5_000;
  let terraform: { at: number; ok: Promise<string | undefined> } | undefined;
  let lastProblems = "";

  const terraformProblem = () => {
    if (terraform === undefined || Date.now() - terraform.at > terraformCheckMs)
      terraform = {
        at: Date.now(),
        ok: checkTerraform(options.terraformBin).then(
          () => undefined,
          (error: Error) => `terraform: ${error.message}`,
        ),
      };
    return terraform.ok;
  };
  const storeProblem = async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>(
      (resolve) =>
        (timer = setTimeout(() => resolve(`state store: no answer in ${storeTimeoutMs} ms`), storeTimeoutMs)),
    );
    const read = options.store.get(PROBE_KEY).then(
      () => undefined,
      (error: Error) => `state store: ${error.message}`,
    );
    try {
      return await Promise.race([read, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  return async () => {
    const problems = options.draining()
      ? ["shutting down"]
      : (await Promise.all([storeProblem(), terraformProblem()])).filter((p): p is string => p !== undefined);
    const summary = problems.join("; ");
    if (summary !== lastProblems) {
      if (problems.length > 0) options.logger.warn({ problems }, "not ready");
      else options.logger.info("ready");
      lastProblems = summary;
    }
    return problems.length === 0;
  };
}
