/**
 * The broker's seam to the HTTP layer, one method per OSB endpoint (after pivotal-cf/brokerapi).
 * HTTP handlers only decode, validate the envelope (auth, version, required fields) and choose the
 * status from the result; every decision about instances and operations is made here.
 * Methods reject with `BrokerError` (errors.ts) for outcomes with an OSB meaning.
 * Part of the domain package: it imports nothing of the project, and every layer may use it.
 */
import type { RequestMeta } from "./request-meta.js";

export type Json = Readonly<Record<string, unknown>>;

export interface MaintenanceInfo {
  readonly version: string;
  readonly description?: string;
}

export interface ProvisionDetails {
  readonly service_id: string;
  readonly plan_id: string;
  readonly organization_guid?: string;
  readonly space_guid?: string;
  readonly context?: Json;
  readonly parameters?: Json;
  readonly maintenance_info?: MaintenanceInfo;
}

export interface UpdateDetails {
  readonly service_id: string;
  readonly plan_id?: string;
  readonly context?: Json;
  readonly parameters?: Json;
  readonly previous_values?: Json;
  readonly maintenance_info?: MaintenanceInfo;
}

export interface DeprovisionDetails {
  readonly service_id: string;
  readonly plan_id: string;
}

export interface BindDetails {
  readonly service_id: string;
  readonly plan_id: string;
  readonly app_guid?: string;
  readonly bind_resource?: Json;
  readonly context?: Json;
  readonly parameters?: Json;
  readonly predecessor_binding_id?: string;
}

/**
 * A bind request as the platform sent it: in a rotation (`predecessor_binding_id`) `service_id` and
 * `plan_id` may be absent, since they come from the predecessor (src/broker/rotation.ts).
 */
export type BindRequest = Omit<BindDetails, "service_id" | "plan_id"> & {
  readonly service_id?: string;
  readonly plan_id?: string;
};

/** OSB binding `metadata`: UTC timestamps with a literal `Z`, present only for a credential that expires. */
export interface BindingMetadata {
  readonly expires_at: string;
  readonly renew_before: string;
}

export interface UnbindDetails {
  readonly service_id: string;
  readonly plan_id: string;
}

export interface PollDetails {
  readonly operation?: string;
  readonly service_id?: string;
  readonly plan_id?: string;
}

/** Outcome of provision / update / deprovision / unbind. */
export interface OperationResult {
  /** true: accepted for asynchronous work (202 with `operation`). */
  readonly async: boolean;
  readonly operation?: string;
  readonly dashboardUrl?: string;
  /** Provision only: an identical instance already exists and is ready (200). */
  readonly alreadyExists?: boolean;
}

/** Outcome of bind. */
export interface BindResult {
  readonly async: boolean;
  readonly operation?: string;
  /** Present for a synchronous bind. */
  readonly credentials?: Json;
  /** An identical binding already exists (200 instead of 201). */
  readonly alreadyExists?: boolean;
  /** Present when the binding's credential expires. */
  readonly metadata?: BindingMetadata;
}

export interface LastOperation {
  readonly state: "in progress" | "succeeded" | "failed";
  readonly description?: string;
  readonly instanceUsable?: boolean;
  readonly updateRepeatable?: boolean;
  /** Seconds the platform should wait before polling again (Retry-After). */
  readonly retryAfterSeconds?: number;
  /** The operation was a deprovision/unbind that succeeded: the resource is gone (410 on poll). */
  readonly gone?: boolean;
}

export interface InstanceView {
  readonly service_id: string;
  readonly plan_id: string;
  readonly dashboard_url?: string;
  readonly parameters?: Json;
  readonly maintenance_info?: MaintenanceInfo;
  /** The context the instance was provisioned (or last updated) with, as the platform sent it. */
  readonly context?: Json;
  /** OSB `metadata`: `attributes` carries the broker's last drift check (docs/osb.md). */
  readonly metadata?: { readonly labels?: Json; readonly attributes?: Json };
}

export interface BindingView {
  readonly credentials: Json;
  readonly parameters?: Json;
  /** Present when the binding's credential expires. */
  readonly metadata?: BindingMetadata;
}

export interface ServiceBroker {
  /** GET /v2/catalog: the OSB catalog document `{ services: [...] }`. */
  catalog(): Json;
  provision(instanceId: string, details: ProvisionDetails, meta: RequestMeta): Promise<OperationResult>;
  update(instanceId: string, details: UpdateDetails, meta: RequestMeta): Promise<OperationResult>;
  deprovision(instanceId: string, details: DeprovisionDetails, meta: RequestMeta): Promise<OperationResult>;
  getInstance(instanceId: string, details: PollDetails, meta: RequestMeta): Promise<InstanceView>;
  lastOperation(instanceId: string, details: PollDetails, meta: RequestMeta): Promise<LastOperation>;
  bind(instanceId: string, bindingId: string, details: BindRequest, meta: RequestMeta): Promise<BindResult>;
  unbind(instanceId: string, bindingId: string, details: UnbindDetails, meta: RequestMeta): Promise<OperationResult>;
  getBinding(instanceId: string, bindingId: string, details: PollDetails, meta: RequestMeta): Promise<BindingView>;
  lastBindingOperation(
    instanceId: string,
    bindingId: string,
    details: PollDetails,
    meta: RequestMeta,
  ): Promise<LastOperation>;
}
