import { join, resolve } from "node:path";
import { loadCatalog } from "../../src/catalog/load-catalog.js";
import { createOsbApp } from "../../src/http/create-osb-app.js";
import { createOsbTestClient, type OsbTestClient } from "./osb-test-client.js";
import { createMemoryStore } from "../../src/state/memory-store.js";
import { createRecords, type Records } from "../../src/state/records.js";
import type { StateStore } from "../../src/state/state-store.js";
import { StoreUnavailableError } from "../../src/state/store-errors.js";
import type { Worker } from "../../src/worker/worker.js";
import type { Previewer } from "../../src/workspace/preview.js";
import { createBroker } from "../../src/broker/create-broker.js";

const ROOT = resolve(import.meta.dirname, "../..");
export const SERVICE_ID = "44fe0dcd-37e0-46be-a164-110d34738cc4";
export const PLAN_ID = "662bc914-0abb-4c75-a293-7c9fc4536d85";
const catalog = await loadCatalog({
  catalogDir: join(ROOT, "test/fixtures/catalog"),
  stacksDir: join(ROOT, "stacks"),
});

/** A store whose every call throws {@link StoreUnavailableError} while `down` is set (Swift unreachable). */
export function createOutageStore(): StateStore & { down: boolean } {
  const inner = createMemoryStore();
  const store = {
    down: false,
    description: "outage double",
    get: (key: string) => guard(() => inner.get(key)),
    put: (key: string, body: Uint8Array) => guard(() => inner.put(key, body)),
    create: (key: string, body: Uint8Array) => guard(() => inner.create(key, body)),
    delete: (key: string) => guard(() => inner.delete(key)),
    list: (prefix: string) => guard(() => inner.list(prefix)),
  };
  async function guard<T>(call: () => Promise<T>): Promise<T> {
    if (store.down) throw new StoreUnavailableError("Swift unreachable after 10 attempt(s): ECONNREFUSED");
    return call();
  }
  return store;
}

/** The real broker and OSB app over `store`, with a worker that only records what is enqueued. */
export function brokerOverStore(store: StateStore): { records: Records; client: OsbTestClient; enqueued: string[] } {
  const records = createRecords(store);
  const enqueued: string[] = [];
  const worker = {
    submit: async (op: { id: string }, persist: () => Promise<void>) => {
      await persist();
      enqueued.push(op.id);
    },
    enqueue: (op: { id: string }) => void enqueued.push(op.id),
    cancel: () => undefined,
    has: () => false,
  } as unknown as Worker;
  const previewer: Previewer = {
    previewInstance: async () => ({ hasChanges: false, changes: [], outputs: [] }),
    previewBinding: async () => ({ hasChanges: false, changes: [], outputs: [] }),
  };
  const broker = createBroker({ catalog, records, worker, previewer });
  const credentials = { username: "platform", password: "pw" };
  const app = createOsbApp({ broker, credentials });
  const client = createOsbTestClient({ request: (path, init) => app.request(path, init), credentials });
  return { records, client, enqueued };
}

/** Writes instance `i1` ready (its provision succeeded) with binding `b1` ready (its bind succeeded). */
export async function seedReady(records: Records): Promise<void> {
  const now = new Date().toISOString();
  const op = { state: "succeeded" as const, createdAt: now, updatedAt: now, attempts: 1, instanceId: "i1" };
  await records.putOperation({ ...op, id: "provision-1", type: "provision", description: "provisioned" });
  await records.putOperation({ ...op, id: "bind-1", type: "bind", bindingId: "b1", description: "bound" });
  const common = { serviceId: SERVICE_ID, planId: PLAN_ID, parameters: {}, values: {}, secrets: {}, createdAt: now };
  await records.putInstance({ ...common, id: "i1", status: "ready", outputs: {}, lastOperationId: "provision-1" });
  await records.putBinding({
    ...common,
    id: "b1",
    instanceId: "i1",
    status: "ready",
    credentials: { message: "hi" },
    lastOperationId: "bind-1",
  });
}
