import type { Catalog } from "../catalog/catalog.js";
import type { Records } from "../state/records.js";
import type { ServiceBroker } from "../domain/service-broker.js";
import type { CloudRouting } from "../cloud/cloud-routing.js";
import { createKeyedMutex } from "./keyed-mutex.js";
import type { BrokerDeps, OperationQueue } from "./broker-deps.js";
import { provision } from "./provision.js";
import { update } from "./update.js";
import { deprovision } from "./deprovision.js";
import { bind } from "./bind.js";
import { unbind } from "./unbind.js";
import { getBinding, getInstance, lastBindingOperation, lastOperation } from "./polling.js";

export interface BrokerOptions {
  readonly catalog: Catalog;
  readonly records: Records;
  /** The worker (src/worker/worker.ts): the broker enqueues, cancels and waits for operations. */
  readonly worker: OperationQueue;
  readonly previewer: BrokerDeps["previewer"];
  /** Chooses a new instance's cloud (default cloud, plan pins, platform mapping). */
  readonly clouds?: CloudRouting;
}

/**
 * The broker: decides, persists the operation, hands it to the worker. It never runs terraform and
 * never writes an operation's outcome (the worker does). Each method is one endpoint function bound
 * to the broker's named dependencies (broker-deps.ts).
 */
export function createBroker(options: BrokerOptions): ServiceBroker {
  const deps: BrokerDeps = { ...options, mutex: createKeyedMutex() };
  const osbCatalog = options.catalog.toOsb() as unknown as Record<string, unknown>;
  return {
    catalog: () => osbCatalog,
    provision: (id, details, meta) => provision(deps, id, details, meta),
    update: (id, details, meta) => update(deps, id, details, meta),
    deprovision: (id, details, meta) => deprovision(deps, id, details, meta),
    getInstance: (id) => getInstance(deps, id),
    lastOperation: (id, details) => lastOperation(deps, id, details),
    bind: (id, bindingId, details, meta) => bind(deps, id, bindingId, details, meta),
    unbind: (id, bindingId, details, meta) => unbind(deps, id, bindingId, details, meta),
    getBinding: (id, bindingId) => getBinding(deps, id, bindingId),
    lastBindingOperation: (id, bindingId, details) => lastBindingOperation(deps, id, bindingId, details),
  };
}
