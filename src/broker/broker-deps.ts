import type { Catalog } from "../catalog/catalog.js";
import type { CloudRouting } from "../cloud/cloud-routing.js";
import type { DriftRecords } from "../state/drift-records.js";
import type { Records } from "../state/records.js";
import type { Previewer } from "../workspace/preview.js";
import type { Worker } from "../worker/worker.js";
import type { KeyedMutex } from "./keyed-mutex.js";
import type { OperationTimes } from "./operation-times.js";

/** What the broker asks of the worker: it queues persisted operations, halts them, waits for them. */
export type OperationQueue = Pick<Worker, "submit" | "enqueue" | "cancel" | "completion">;

/**
 * The named dependencies of the endpoint functions (provision.ts, update.ts, ...). Each endpoint
 * takes only the ones it uses (`ProvisionDeps = Pick<BrokerDeps, ...>`); create-broker.ts builds
 * them once and binds every endpoint to them.
 */
export interface BrokerDeps {
  /** The validated catalog: services, plans and their stacks. */
  readonly catalog: Catalog;
  /** Instance, binding and operation records (src/state/records.ts). */
  readonly records: Records;
  /** Runs the operations the broker persisted. MUST get an operation only after it is written. */
  readonly worker: OperationQueue;
  /** Plans updates before accepting them (destructive-change check): the bounded preview pool. */
  readonly previewer: Pick<Previewer, "previewInstance">;
  /** Serializes the requests of one instance (read-check-write of its records). */
  readonly mutex: KeyedMutex;
  /** Chooses a new instance's cloud (src/cloud/cloud-routing.ts). Absent: plan pins and requested clouds only. */
  readonly clouds?: CloudRouting;
  /** Recent operation durations per plan: the Retry-After of polls (operation-times.ts). */
  readonly operationTimes: OperationTimes;
  /** The instances' last drift checks, returned by GET instance (cached-drift-records.ts). */
  readonly drift: DriftRecords;
}
