import { createRecords, type Records } from "../../state/records.js";
import type { BrokerConfig } from "../../config/broker-config.js";
import { openStoreReadOnly } from "../open-store.js";

/** The broker's records, read-only, from the configured store (file or Swift). */
export async function openRecords(config: BrokerConfig, env: Readonly<Record<string, string | undefined>> = process.env): Promise<Records> {
  return createRecords(await openStoreReadOnly(config, env));
}
