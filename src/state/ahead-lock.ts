import { randomUUID } from "node:crypto";
import type { StateRef } from "./keys.js";
import type { TerraformStates } from "./terraform-states.js";

/**
 * A stack's terraform state lock taken by the broker when a run that changes the stack starts, so
 * that the lock's create-only write (on Swift a PUT, a settle wait and a check: docs/state.md) runs
 * while the workspace is prepared and terraform starts, instead of after terraform asks for it.
 * Terraform's LOCK then gets this lock (the state backend adopts it for terraform's lock ID) and its
 * UNLOCK releases it. Rules:
 * - it is an ordinary lock (same object, same create-only write): whoever holds the lock excludes
 *   the run exactly as terraform's own LOCK would; when someone else holds it, terraform's LOCK goes
 *   the ordinary way (and gets 423 with the holder's info);
 * - only the run's own terraform can adopt it (its credentials), once;
 * - MUST be ended when the run ends: a lock never adopted is released then (read, compare, delete);
 *   an adopted lock is terraform's, as if terraform had taken it (released by its UNLOCK).
 */
export interface AheadLock {
  /** The lock ID the lock object was written with (its `owner`, and `ID` in its info). */
  readonly id: string;
  /** Terraform's LOCK: true when the lock is held for this run and not adopted before (then it is terraform's). */
  adopt(): Promise<boolean>;
  /** Terraform's UNLOCK of the adopted lock was served: nothing is left to release. */
  released(): void;
  /** The run ended: releases the lock unless terraform adopted it. Never rejects. */
  end(): Promise<void>;
}

/** Starts taking `ref`'s lock for a run about to `operation` (`apply` or `destroy`). */
export function takeAheadLock(states: TerraformStates, ref: StateRef, operation: string): AheadLock {
  const id = `broker-${randomUUID()}`;
  const info = {
    ID: id,
    Operation: `OperationType${operation.charAt(0).toUpperCase()}${operation.slice(1)}`,
    Who: "openstack-broker",
    Info: "taken by the broker for a terraform run that is starting",
    Created: new Date().toISOString(),
    Path: "",
    Version: "",
  };
  // Never rejects: a failure counts as "not taken" (terraform's LOCK then goes the ordinary way).
  const taken = states.lock(ref, id, info).then(
    (result) => result.acquired,
    () => false,
  );
  let adopted = false;
  return {
    id,
    async adopt() {
      if (adopted || !(await taken)) return false;
      adopted = true;
      return true;
    },
    released() {
      adopted = true;
    },
    async end() {
      await taken;
      if (adopted) return;
      adopted = true;
      // Read, compare, delete: also when the create's answer was lost (it may have written ours).
      await states.unlock(ref, id).catch(() => undefined);
    },
  };
}
