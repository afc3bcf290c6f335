import { stat } from "node:fs/promises";
import { createFileStore } from "../../state/file-store.js";
import { createMemoryStore } from "../../state/memory-store.js";
import { createRecords, type Records } from "../../state/records.js";
import { readOnlyStore } from "../../state/read-only-store.js";

/**
 * The broker's records in `stateDir`, read-only. A missing directory is not created: it is an empty
 * store (no instances yet).
 */
export async function openRecords(stateDir: string): Promise<Records> {
  const exists = await stat(stateDir).then((s) => s.isDirectory(), () => false);
  return createRecords(readOnlyStore(exists ? await createFileStore({ dir: stateDir }) : createMemoryStore()));
}
