import type {
  BindRequest,
  DeprovisionDetails,
  PollDetails,
  ProvisionDetails,
  UnbindDetails,
  UpdateDetails,
} from "../domain/service-broker.js";
import {
  type Fields,
  optionalMaintenanceInfo,
  optionalObject,
  optionalString,
  requiredString,
} from "./request-fields.js";

/**
 * Decoders from a request's body or query to the broker's `*Details` types. They keep only the
 * fields the spec defines (unknown fields are ignored), drop absent/null optional values, and throw
 * BrokerError 400 naming the field that is missing or of the wrong type.
 */

/** Keeps the defined values only, so details never carry explicit `undefined` keys. */
function compact<T>(fields: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}

/** PUT /v2/service_instances/:id body. */
export function decodeProvision(body: Fields): ProvisionDetails {
  return compact<ProvisionDetails>({
    service_id: requiredString(body, "service_id"),
    plan_id: requiredString(body, "plan_id"),
    // REQUIRED in v2.17 (deprecated in favour of context, but "MUST be a non-empty string").
    organization_guid: requiredString(body, "organization_guid"),
    space_guid: requiredString(body, "space_guid"),
    context: optionalObject(body, "context"),
    parameters: optionalObject(body, "parameters"),
    maintenance_info: optionalMaintenanceInfo(body),
  });
}

/** PATCH /v2/service_instances/:id body (`plan_id` optional: absent means "do not change"). */
export function decodeUpdate(body: Fields): UpdateDetails {
  return compact<UpdateDetails>({
    service_id: requiredString(body, "service_id"),
    plan_id: optionalString(body, "plan_id"),
    context: optionalObject(body, "context"),
    parameters: optionalObject(body, "parameters"),
    previous_values: optionalObject(body, "previous_values"),
    maintenance_info: optionalMaintenanceInfo(body),
  });
}

/** DELETE /v2/service_instances/:id query. */
export function decodeDeprovision(query: Fields): DeprovisionDetails {
  return {
    service_id: requiredString(query, "service_id", "query"),
    plan_id: requiredString(query, "plan_id", "query"),
  };
}

/**
 * PUT .../service_bindings/:binding_id body. With `predecessor_binding_id` (a rotation) `service_id`
 * and `plan_id` are optional: they come from the predecessor (src/broker/rotation.ts).
 */
export function decodeBind(body: Fields): BindRequest {
  const rotation = optionalString(body, "predecessor_binding_id") !== undefined;
  return compact<BindRequest>({
    service_id: rotation ? optionalString(body, "service_id") : requiredString(body, "service_id"),
    plan_id: rotation ? optionalString(body, "plan_id") : requiredString(body, "plan_id"),
    app_guid: optionalString(body, "app_guid"),
    bind_resource: optionalObject(body, "bind_resource"),
    context: optionalObject(body, "context"),
    parameters: optionalObject(body, "parameters"),
    predecessor_binding_id: optionalString(body, "predecessor_binding_id"),
  });
}

/** DELETE .../service_bindings/:binding_id query. */
export function decodeUnbind(query: Fields): UnbindDetails {
  return {
    service_id: requiredString(query, "service_id", "query"),
    plan_id: requiredString(query, "plan_id", "query"),
  };
}

/** Query of GET instance/binding and both last_operation endpoints (all optional). */
export function decodePoll(query: Fields): PollDetails {
  // Built field by field (not through `compact`): it runs on every poll.
  const details: { -readonly [K in keyof PollDetails]: PollDetails[K] } = {};
  const operation = optionalString(query, "operation");
  if (operation !== undefined) details.operation = operation;
  const serviceId = optionalString(query, "service_id");
  if (serviceId !== undefined) details.service_id = serviceId;
  const planId = optionalString(query, "plan_id");
  if (planId !== undefined) details.plan_id = planId;
  return details;
}
