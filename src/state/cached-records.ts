import type { InstanceRecord, OperationRecord, Records } from "./records.js";

/** Options of {@link createCachedRecords}. */
export interface CachedRecordsOptions {
  /** Records kept in memory at most (least recently used dropped first). Default 20,000. */
  readonly maxEntries?: number;
}

type Cached = InstanceRecord | OperationRecord | undefined;

/** An operation record's key (keys.ts `operation`): its instance and operation ids. */
const OPERATION_KEY = /^instances\/([^/]+)\/operations\/([^/]+)\.json$/;
/** Operation records the resume scan reads at once: the rest of the process's reads keep the thread pool. */
const SCAN_READS_AT_ONCE = 8;

/**
 * Records with what every poll reads kept in memory: instance records (a miss too) and FINISHED
 * operation records; writes go to the store first and then to memory (write-through), a failed write
 * forgets the key (the store's state is unknown). What is cached is what only this process writes or
 * what never changes again:
 * - instance records: only the serving broker and its worker (same process, this same object) write
 *   them (docs/state.md "One active broker"; operator commands such as `bindings cleanup-expired
 *   --apply` write bindings and their operations only);
 * - an operation once succeeded or failed is never rewritten (a retried outcome write is the same);
 *   one in progress may be finished by another process (an operator command's unbind), so it is read
 *   from the store each time, as is a missing one;
 * - binding records are never cached (an operator command may unbind them; GET binding returns
 *   credentials, which MUST NOT be served once revoked).
 * Lists, states and everything else go to the store. The resume scan (`listUnfinishedOperations`,
 * every LEASE_TTL_SECONDS) lists the operation keys and reads only those not in memory as finished,
 * a few at a time: it used to read every operation record ever written, all at once.
 */
export function createCachedRecords(inner: Records, options: CachedRecordsOptions = {}): Records {
  const max = Math.max(1, options.maxEntries ?? 20_000);
  const cache = new Map<string, Cached>();
  /** Writes in flight per key: how many, and whether two ever overlapped. */
  const inFlight = new Map<string, { count: number; overlapped: boolean }>();
  let failures = 0;

  // MUST: a cached record is shared by every reader: frozen, so no caller can change another's copy.
  const cacheable = (key: string, value: Cached) =>
    key.startsWith("i\n") || (value !== undefined && "state" in value && value.state !== "in progress");
  const remember = (key: string, value: Cached) => {
    cache.delete(key);
    if (!cacheable(key, value)) return;
    cache.set(key, value === undefined ? value : Object.freeze(value));
    if (cache.size > max) cache.delete(cache.keys().next().value as string);
  };
  async function read<T extends Cached>(key: string, load: () => Promise<T>): Promise<T> {
    if (cache.has(key)) {
      const value = cache.get(key) as T;
      remember(key, value); // most recently used
      return value;
    }
    const writing = inFlight.has(key);
    const failed = failures;
    const value = await load();
    // MUST: what a write started or failed meanwhile may have changed is not cached.
    if (!writing && !inFlight.has(key) && failed === failures && !cache.has(key)) remember(key, value);
    return value;
  }
  async function write<R>(key: string, value: Cached, put: () => Promise<R>): Promise<R> {
    const entry = inFlight.get(key) ?? { count: 0, overlapped: false };
    entry.count++;
    if (entry.count > 1) entry.overlapped = true;
    inFlight.set(key, entry);
    cache.delete(key);
    let ok = false;
    try {
      const result = await put();
      ok = true;
      return result;
    } finally {
      entry.count--;
      if (entry.count === 0) inFlight.delete(key);
      // MUST: only a write that overlapped no other is cached (which of two overlapping writes the
      // store kept is its own affair); a failed write leaves the object unknown: it is read again.
      if (!ok) failures++;
      if (ok && !entry.overlapped) remember(key, value);
      else cache.delete(key);
    }
  }
  const instanceKey = (id: string) => `i\n${id}`;
  const operationKey = (instanceId: string, id: string) => `o\n${instanceId}\n${id}`;
  const getOperation = (instanceId: string, operationId: string) =>
    read(operationKey(instanceId, operationId), () => inner.getOperation(instanceId, operationId));

  async function listUnfinishedOperations(): Promise<OperationRecord[]> {
    const ids = (await inner.store.list("instances/")).flatMap((key) => {
      const match = OPERATION_KEY.exec(key);
      return match === null ? [] : [[match[1], match[2]] as const];
    });
    const found: (OperationRecord | undefined)[] = [];
    let next = 0;
    const reader = async () => {
      while (next < ids.length) {
        const [instanceId, operationId] = ids[next++];
        found.push(await getOperation(instanceId, operationId));
      }
    };
    await Promise.all(Array.from({ length: Math.min(SCAN_READS_AT_ONCE, ids.length) }, reader));
    return found
      .filter((record): record is OperationRecord => record !== undefined && record.state === "in progress")
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  return {
    ...inner,
    getInstance: (id) => read(instanceKey(id), () => inner.getInstance(id)),
    putInstance: (record) => write(instanceKey(record.id), record, () => inner.putInstance(record)),
    getOperation,
    listUnfinishedOperations,
    putOperation: (record) =>
      write(operationKey(record.instanceId, record.id), record, () => inner.putOperation(record)),
    // A deletion is a write of "nothing there".
    deleteOperation: (instanceId, operationId) =>
      write(operationKey(instanceId, operationId), undefined, () => inner.deleteOperation(instanceId, operationId)),
  };
}
