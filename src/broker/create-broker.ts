import type { Catalog } from "../catalog/catalog.js";
import type { Records } from "../state/records.js";
import type { ServiceBroker } from "../domain/service-broker.js";
import type { PlanDefinition } from "../domain/service-catalog.js";
import type { Previewer } from "../workspace/preview.js";
import type { CloudRouting } from "../cloud/cloud-routing.js";
import { createDryRun } from "./dry-run/dry-run.js";
import type { PlanTarget } from "./dry-run/plan-report.js";
import { createKeyedMutex } from "./keyed-mutex.js";
import { createCachedDriftRecords } from "../state/cached-drift-records.js";
import { createDriftRecords } from "../state/drift-records.js";
import { createOperationTimes, type OperationTimes } from "./operation-times.js";
import type { BrokerDeps, OperationQueue } from "./broker-deps.js";
import { provision } from "./provision.js";
import { update } from "./update.js";
import { deprovision } from "./deprovision.js";
import { bind } from "./bind.js";
import { unbind } from "./unbind.js";
import { getBinding, getInstance, lastBindingOperation, lastOperation } from "./polling.js";
import { refusingOnStoreOutage } from "./store-outage.js";
import { configuredCloudTarget, preview, type BrokerPreview } from "./preview.js";
import { sweepDeletedInstances, type BrokerRetention } from "./retention.js";

export interface BrokerOptions {
  readonly catalog: Catalog;
  readonly records: Records;
  /** The worker (src/worker/worker.ts): the broker enqueues, cancels and waits for operations. */
  readonly worker: OperationQueue;
  /**
   * Plans for the update's destructive-change check and for {@link BrokerPreview.preview}: the
   * runtime gives the bounded preview pool (src/workspace/preview-pool.ts).
   */
  readonly previewer: Previewer;
  /** Chooses a new instance's cloud (default cloud, plan pins, platform mapping). */
  readonly clouds?: CloudRouting;
  /**
   * What a preview's terraform plans against, said in its report.
   * Default: "the broker's configured OpenStack cloud" for OpenStack stacks.
   */
  readonly previewTarget?: (plan: PlanDefinition) => PlanTarget;
  /**
   * Recent operation durations (Retry-After of polls). Give the same object to timedRecords() over the
   * records the worker writes outcomes with (runtime/broker-side.ts). Default: a new, empty one.
   */
  readonly operationTimes?: OperationTimes;
}

/**
 * The broker: decides, persists the operation, hands it to the worker. It never runs terraform and
 * never writes an operation's outcome (the worker does). Each method is one endpoint function bound
 * to the broker's named dependencies (broker-deps.ts); the update's destructive-change check and the
 * preview wait for a read-only plan from the bounded preview pool it is given.
 */
export function createBroker(options: BrokerOptions): ServiceBroker & BrokerPreview & BrokerRetention {
  const deps: BrokerDeps = {
    ...options,
    mutex: createKeyedMutex(),
    operationTimes: options.operationTimes ?? createOperationTimes(),
    // GET instance reads it on every request: each instance's result is read at most once a second.
    drift: createCachedDriftRecords(createDriftRecords(options.records.store)),
  };
  const { catalog } = options;
  const target = options.previewTarget ?? configuredCloudTarget(catalog);
  const dryRun = createDryRun({
    catalog,
    records: options.records,
    previewer: options.previewer,
    target,
    clouds: options.clouds,
  });
  const osbCatalog = options.catalog.toOsb() as unknown as Record<string, unknown>;
  // Every endpoint: a store outage is a 503 with Retry-After, never a 404/410 or a 500.
  const guarded = refusingOnStoreOutage;
  return {
    catalog: () => osbCatalog,
    provision: (id, details, meta) => guarded(() => provision(deps, id, details, meta)),
    update: (id, details, meta) => guarded(() => update(deps, id, details, meta)),
    deprovision: (id, details, meta) => guarded(() => deprovision(deps, id, details, meta)),
    getInstance: (id) => guarded(() => getInstance(deps, id)),
    lastOperation: (id, details) => guarded(() => lastOperation(deps, id, details)),
    bind: (id, bindingId, details, meta) => guarded(() => bind(deps, id, bindingId, details, meta)),
    unbind: (id, bindingId, details, meta) => guarded(() => unbind(deps, id, bindingId, details, meta)),
    getBinding: (id, bindingId) => guarded(() => getBinding(deps, id, bindingId)),
    lastBindingOperation: (id, bindingId, details) => guarded(() => lastBindingOperation(deps, id, bindingId, details)),
    preview: (id, details) => guarded(() => preview({ records: deps.records, dryRun }, id, details)),
    sweepDeleted: (sweep) => sweepDeletedInstances(deps, sweep),
  };
}
