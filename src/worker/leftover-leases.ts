import type { Records } from "../state/records.js";

/**
 * Removes the leases of operations that are no longer running: a broker killed after it recorded an
 * operation's outcome but before it released the lease leaves the `.lease` object behind. Rules:
 * - only the lease of an operation whose record says `succeeded` or `failed`, or whose record is
 *   gone, is removed; the lease of an operation `in progress` (a live broker may be running it, or
 *   the resume takes it over) MUST stay;
 * - a deletion racing the holder's own release is harmless: the release finds nothing to delete.
 * @param instanceId only this instance's (a deprovision); default every instance's (start-up).
 * @returns the keys removed.
 */
export async function removeFinishedLeases(records: Records, instanceId?: string): Promise<readonly string[]> {
  const prefix = instanceId === undefined ? "instances/" : `instances/${instanceId}/`;
  const leases = (await records.store.list(prefix)).filter((key) =>
    /^instances\/[^/]+\/operations\/[^/]+\.lease$/.test(key),
  );
  const removed: string[] = [];
  for (const key of leases) {
    const [, id, , file] = key.split("/");
    const op = await records.getOperation(id, file.slice(0, -".lease".length));
    if (op?.state === "in progress") continue;
    if (await records.store.delete(key)) removed.push(key);
  }
  return removed;
}
