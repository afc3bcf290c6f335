import type { Catalog } from "../catalog/catalog.js";
import type { Records } from "../state/records.js";
import type { Worker } from "../worker/worker.js";
import type { Previewer } from "../worker/preview.js";
import type { ServiceBroker } from "../domain/service-broker.js";
import type { CloudRouting } from "../cloud/cloud-routing.js";
import { createKeyedMutex } from "./keyed-mutex.js";
import type { BrokerContext } from "./broker-context.js";
import { provision } from "./provision.js";
import { update } from "./update.js";
import { deprovision } from "./deprovision.js";
import { bind } from "./bind.js";
import { unbind } from "./unbind.js";
import { getBinding, getInstance, lastBindingOperation, lastOperation } from "./polling.js";

export interface BrokerOptions {
  readonly catalog: Catalog;
  readonly records: Records;
  readonly worker: Worker;
  readonly previewer: Previewer;
  /** Chooses a new instance's cloud (default cloud, plan pins, platform mapping). */
  readonly clouds?: CloudRouting;
}

/**
 * The broker: decides, persists the operation, hands it to the worker. It never runs terraform and
 * never writes an operation's outcome (the worker does).
 */
export function createBroker(options: BrokerOptions): ServiceBroker {
  const ctx: BrokerContext = { ...options, mutex: createKeyedMutex() };
  const osbCatalog = options.catalog.toOsb() as unknown as Record<string, unknown>;
  return {
    catalog: () => osbCatalog,
    provision: (id, details, meta) => provision(ctx, id, details, meta),
    update: (id, details, meta) => update(ctx, id, details, meta),
    deprovision: (id, details, meta) => deprovision(ctx, id, details, meta),
    getInstance: (id) => getInstance(ctx, id),
    lastOperation: (id, details) => lastOperation(ctx, id, details),
    bind: (id, bindingId, details, meta) => bind(ctx, id, bindingId, details, meta),
    unbind: (id, bindingId, details, meta) => unbind(ctx, id, bindingId, details, meta),
    getBinding: (id, bindingId) => getBinding(ctx, id, bindingId),
    lastBindingOperation: (id, bindingId, details) => lastBindingOperation(ctx, id, bindingId, details),
  };
}
