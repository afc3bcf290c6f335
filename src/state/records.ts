import type { StateStore } from "./state-store.js";
import { decodeJson, encodeJson } from "./state-store.js";
import { keys } from "./keys.js";
import type { Json, MaintenanceInfo } from "../domain/service-broker.js";
import type { OriginatingIdentity } from "../domain/request-meta.js";

export type OperationType = "provision" | "update" | "deprovision" | "bind" | "unbind";
export type OperationState = "in progress" | "succeeded" | "failed";

/** An operation: persisted before the HTTP response; only the worker writes its outcome. */
export interface OperationRecord {
  readonly id: string;
  readonly type: OperationType;
  readonly instanceId: string;
  readonly bindingId?: string;
  readonly state: OperationState;
  readonly description: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Runs started for this operation (> 1 after a resume). */
  readonly attempts: number;
  readonly originatingIdentity?: OriginatingIdentity;
  readonly requestIdentity?: string;
  /** For update: what the instance becomes when the operation succeeds (`values`: merged, `parameters`: as sent). */
  readonly target?: {
    readonly planId: string;
    readonly values: Json;
    readonly parameters: Json;
    readonly context?: Json;
    readonly maintenanceInfo?: MaintenanceInfo;
  };
  /** For update: replacing a stateful resource was explicitly allowed. */
  readonly allowReplace?: boolean;
  /** Set on a provision halted by a deprovision. */
  readonly cancelledBy?: string;
}

/** A service instance as the broker keeps it. */
export interface InstanceRecord {
  readonly id: string;
  readonly serviceId: string;
  readonly planId: string;
  /** Parameters as the platform sent them (what GET instance returns). */
  readonly parameters: Json;
  /** Plan defaults merged with the parameters: the values terraform receives. */
  readonly values: Json;
  readonly context?: Json;
  readonly organizationGuid?: string;
  readonly spaceGuid?: string;
  readonly maintenanceInfo?: MaintenanceInfo;
  /**
   * The clouds.yaml entry the instance's resources live in: chosen at provision (docs/clouds.md), never
   * changed by an update; its bindings run there too. Absent (records from before cloud routing, or
   * no cloud named anywhere): the default cloud.
   */
  readonly cloud?: string;
  /** provisioning → ready | failed; deprovisioning → (deleted). */
  readonly status: "provisioning" | "ready" | "failed" | "updating" | "deprovisioning";
  /** Terraform outputs of the instance stack after the last successful apply. */
  readonly outputs: Json;
  /** Broker-generated secrets (ServiceDefinition.secrets.instance). */
  readonly secrets: Readonly<Record<string, string>>;
  readonly lastOperationId: string;
  readonly createdAt: string;
  /** Instance was deprovisioned: kept as a tombstone so polls answer 410. */
  readonly deleted?: boolean;
}

/** A binding as the broker keeps it. */
export interface BindingRecord {
  readonly id: string;
  readonly instanceId: string;
  readonly serviceId: string;
  readonly planId: string;
  readonly parameters: Json;
  readonly values: Json;
  readonly appGuid?: string;
  readonly bindResource?: Json;
  readonly context?: Json;
  readonly status: "binding" | "ready" | "failed" | "unbinding";
  readonly credentials: Json;
  readonly secrets: Readonly<Record<string, string>>;
  readonly lastOperationId: string;
  readonly createdAt: string;
  readonly deleted?: boolean;
  /** When the credential expires (UTC, `2030-01-01T00:00:00Z`); absent: never (src/broker/binding-expiry.ts). */
  readonly expiresAt?: string;
  /** When the platform should rotate it (same format); set with `expiresAt`. */
  readonly renewBefore?: string;
  /** The binding this one rotated (`predecessor_binding_id`); the predecessor lives on until unbound or expired. */
  readonly predecessorBindingId?: string;
}

/** Typed access to the broker's records in a StateStore. */
export interface Records {
  readonly store: StateStore;
  getInstance(id: string): Promise<InstanceRecord | undefined>;
  putInstance(record: InstanceRecord): Promise<void>;
  listInstanceIds(): Promise<string[]>;
  getBinding(instanceId: string, bindingId: string): Promise<BindingRecord | undefined>;
  putBinding(record: BindingRecord): Promise<void>;
  listBindings(instanceId: string): Promise<BindingRecord[]>;
  getOperation(instanceId: string, operationId: string): Promise<OperationRecord | undefined>;
  putOperation(record: OperationRecord): Promise<void>;
  listOperations(instanceId: string): Promise<OperationRecord[]>;
  /** Removes an operation's record (retention); `false` when there was none. */
  deleteOperation(instanceId: string, operationId: string): Promise<boolean>;
  /** Removes a binding's record (retention); `false` when there was none. */
  deleteBinding(instanceId: string, bindingId: string): Promise<boolean>;
  /** Every operation still "in progress" (what a restarted broker resumes). */
  listUnfinishedOperations(): Promise<OperationRecord[]>;
  /** Removes the terraform states (and stale locks) of an instance and its bindings after a deprovision. */
  purgeStates(instanceId: string): Promise<void>;
}

export function createRecords(store: StateStore): Records {
  const read = async <T>(key: string) => {
    const body = await store.get(key);
    return body === undefined ? undefined : decodeJson<T>(body);
  };
  const write = (key: string, value: unknown) => store.put(key, encodeJson(value));

  const records: Records = {
    store,
    getInstance: (id) => read<InstanceRecord>(keys.instance(id)),
    putInstance: (record) => write(keys.instance(record.id), record),
    async listInstanceIds() {
      const all = await store.list("instances/");
      return all.filter((key) => /^instances\/[^/]+\/record\.json$/.test(key)).map((key) => key.split("/")[1]);
    },
    getBinding: (instanceId, bindingId) => read<BindingRecord>(keys.binding(instanceId, bindingId)),
    putBinding: (record) => write(keys.binding(record.instanceId, record.id), record),
    async listBindings(instanceId) {
      const prefix = `${keys.instancePrefix(instanceId)}bindings/`;
      const found = (await store.list(prefix)).filter((key) => key.endsWith("/record.json"));
      const out = await Promise.all(found.map((key) => read<BindingRecord>(key)));
      return out.filter((record): record is BindingRecord => record !== undefined);
    },
    getOperation: (instanceId, operationId) => read<OperationRecord>(keys.operation(instanceId, operationId)),
    putOperation: (record) => write(keys.operation(record.instanceId, record.id), record),
    deleteOperation: (instanceId, operationId) => store.delete(keys.operation(instanceId, operationId)),
    deleteBinding: (instanceId, bindingId) => store.delete(keys.binding(instanceId, bindingId)),
    async listOperations(instanceId) {
      const found = (await store.list(keys.operationsPrefix(instanceId))).filter((key) => key.endsWith(".json"));
      const out = await Promise.all(found.map((key) => read<OperationRecord>(key)));
      return out
        .filter((record): record is OperationRecord => record !== undefined)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async listUnfinishedOperations() {
      const found = (await store.list("instances/")).filter((key) => /\/operations\/[^/]+\.json$/.test(key));
      const out = await Promise.all(found.map((key) => read<OperationRecord>(key)));
      return out
        .filter((record): record is OperationRecord => record !== undefined && record.state === "in progress")
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async purgeStates(instanceId) {
      const all = await store.list(keys.instancePrefix(instanceId));
      // Independent objects: deleted at once (a deprovision resumed after a crash purges again).
      await Promise.all(all.filter((key) => /\/tfstate(\.lock)?$/.test(key)).map((key) => store.delete(key)));
    },
  };
  return records;
}
