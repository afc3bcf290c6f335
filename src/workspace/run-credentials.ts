import { randomBytes, timingSafeEqual } from "node:crypto";
import type { StateRef } from "../state/keys.js";
import type { TerraformStates } from "../state/terraform-states.js";
import { type AheadLock, takeAheadLock } from "../state/ahead-lock.js";

/** Credentials for one terraform run, given to terraform as TF_HTTP_USERNAME / TF_HTTP_PASSWORD. */
export interface RunCredentials {
  readonly username: string;
  readonly password: string;
  /** The only state this run may read, write and lock. */
  readonly ref: StateRef;
  /** MUST be called when the run ends: the credentials stop working. */
  revoke(): void;
  /** The last state this run's terraform wrote through the backend (stored), if it wrote one. */
  written(): Uint8Array | undefined;
  /** {@link revoke}, then ends the run's ahead lock (released unless terraform adopted it). Never rejects. */
  end(): Promise<void>;
}

/** Options of {@link RunCredentialIssuer.issue}. */
export interface IssueOptions {
  /**
   * The run will `apply` or `destroy`: take the state's lock now, while the workspace is prepared
   * (src/state/ahead-lock.ts); terraform's LOCK then adopts it. Needs the issuer's `states`.
   */
  readonly lockAhead?: "apply" | "destroy";
}

/** Options of {@link createRunCredentialIssuer}. */
export interface RunCredentialIssuerOptions {
  /** The terraform states, for ahead locks; without it `lockAhead` is ignored. */
  readonly states?: TerraformStates;
}

/**
 * Issues per-run credentials for the state backend. They live in memory only: a run's credentials are
 * never written to disk, and they die with the process (a resumed run gets new ones).
 */
export interface RunCredentialIssuer {
  issue(ref: StateRef, options?: IssueOptions): RunCredentials;
  /** The state a pair of credentials may use, or undefined when they are unknown or revoked. */
  verify(username: string, password: string): StateRef | undefined;
  /** The ahead lock of a run's credentials (call after {@link verify}), if it has one. */
  aheadLock(username: string): AheadLock | undefined;
  /** The backend stored a state this run's terraform wrote (call after {@link verify}). */
  wrote(username: string, state: Uint8Array): void;
}

export function createRunCredentialIssuer(options: RunCredentialIssuerOptions = {}): RunCredentialIssuer {
  const active = new Map<string, { password: Buffer; ref: StateRef; ahead?: AheadLock; written?: Uint8Array }>();
  return {
    issue(ref, issueOptions = {}) {
      const username = `run-${randomBytes(8).toString("hex")}`;
      const password = randomBytes(24).toString("base64url");
      const ahead =
        issueOptions.lockAhead === undefined || options.states === undefined
          ? undefined
          : takeAheadLock(options.states, ref, issueOptions.lockAhead);
      const entry: { password: Buffer; ref: StateRef; ahead?: AheadLock; written?: Uint8Array } = {
        password: Buffer.from(password),
        ref,
        ahead,
      };
      active.set(username, entry);
      const revoke = () => void active.delete(username);
      return {
        username,
        password,
        ref,
        revoke,
        written: () => entry.written,
        async end() {
          revoke();
          await ahead?.end();
        },
      };
    },
    aheadLock: (username) => active.get(username)?.ahead,
    wrote(username, state) {
      const entry = active.get(username);
      if (entry !== undefined) entry.written = state;
    },
    verify(username, password) {
      const entry = active.get(username);
      if (entry === undefined) return undefined;
      const given = Buffer.from(password);
      if (given.length !== entry.password.length || !timingSafeEqual(given, entry.password)) return undefined;
      return entry.ref;
    },
  };
}
