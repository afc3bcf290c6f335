import { randomBytes, timingSafeEqual } from "node:crypto";
import type { StateRef } from "../state/keys.js";

/** Credentials for one terraform run, given to terraform as TF_HTTP_USERNAME / TF_HTTP_PASSWORD. */
export interface RunCredentials {
  readonly username: string;
  readonly password: string;
  /** The only state this run may read, write and lock. */
  readonly ref: StateRef;
  /** MUST be called when the run ends: the credentials stop working. */
  revoke(): void;
}

/**
 * Issues per-run credentials for the state backend. They live in memory only: a run's credentials are
 * never written to disk, and they die with the process (a resumed run gets new ones).
 */
export interface RunCredentialIssuer {
  issue(ref: StateRef): RunCredentials;
  /** The state a pair of credentials may use, or undefined when they are unknown or revoked. */
  verify(username: string, password: string): StateRef | undefined;
}

export function createRunCredentialIssuer(): RunCredentialIssuer {
  const active = new Map<string, { password: Buffer; ref: StateRef }>();
  return {
    issue(ref) {
      const username = `run-${randomBytes(8).toString("hex")}`;
      const password = randomBytes(24).toString("base64url");
      active.set(username, { password: Buffer.from(password), ref });
      return { username, password, ref, revoke: () => active.delete(username) };
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
