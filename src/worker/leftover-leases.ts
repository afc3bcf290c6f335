import type { Records } from "../state/records.js";
import { type LockRecord, readLock } from "../state/locks.js";

const isExpired = (lock: LockRecord | undefined, now: number) =>
  lock === undefined || (lock.expiresAt !== undefined && Date.parse(lock.expiresAt) < now);

/** Options of {@link removeFinishedLeases}. */
export interface RemoveFinishedLeasesOptions {
  /**
   * This broker's id, at start-up only (nothing of this process is being written yet): a lease of
   * its own without an operation record was left by its earlier process and is removed at once.
   */
  readonly ownBrokerId?: string;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/**
 * Removes the leases of operations that are no longer running: a broker killed after it recorded an
 * operation's outcome but before it released the lease leaves the `.lease` object behind. Rules:
 * - only the lease of an operation whose record says `succeeded` or `failed`, or whose record is
 *   gone and whose lease has expired (or is this broker's own, at start-up), is removed; the lease of an operation `in progress` (a live broker may be running it, or
 *   the resume takes it over) MUST stay;
 * - a deletion racing the holder's own release is harmless: the release finds nothing to delete.
 * @param instanceId only this instance's (a deprovision); default every instance's (start-up).
 * @returns the keys removed.
 */
export async function removeFinishedLeases(
  records: Records,
  instanceId?: string,
  options: RemoveFinishedLeasesOptions = {},
): Promise<readonly string[]> {
  const now = options.now ?? Date.now;
  const prefix = instanceId === undefined ? "instances/" : `instances/${instanceId}/`;
  const leases = (await records.store.list(prefix)).filter((key) =>
    /^instances\/[^/]+\/operations\/[^/]+\.lease$/.test(key),
  );
  const removed: string[] = [];
  for (const key of leases) {
    const [, id, , file] = key.split("/");
    const op = await records.getOperation(id, file.slice(0, -".lease".length));
    if (op?.state === "in progress") continue;
    // MUST: a live lease without its operation is a new operation being written (a broker writes the
    // lease first: Worker.submit); only an expired one is left over (its broker died before the record).
    if (op === undefined) {
      const lock = await readLock(records.store, key);
      if (!isExpired(lock, now()) && (options.ownBrokerId === undefined || lock?.owner !== options.ownBrokerId))
        continue;
    }
    if (await records.store.delete(key)) removed.push(key);
  }
  return removed;
}
