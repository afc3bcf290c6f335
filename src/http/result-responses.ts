import type { Context } from "hono";
import type { BindResult, LastOperation, OperationResult } from "../domain/service-broker.js";
import { defined } from "./osb-response.js";

/**
 * The status choice: each broker result becomes the status and body the OSB spec gives it.
 * Handlers call these and nothing else decides a success status.
 */

/** Provision: 202 `{operation, dashboard_url?}` async; 200 when it already exists; 201 created. */
export function provisionResponse(c: Context, result: OperationResult): Response {
  if (result.async) return c.json(defined({ operation: result.operation, dashboard_url: result.dashboardUrl }), 202);
  const body = defined({ dashboard_url: result.dashboardUrl });
  return c.json(body, result.alreadyExists ? 200 : 201);
}

/** Update: 202 `{operation}` async, else 200 (with `dashboard_url` when the broker gives one). */
export function updateResponse(c: Context, result: OperationResult): Response {
  if (result.async) return c.json(defined({ operation: result.operation, dashboard_url: result.dashboardUrl }), 202);
  return c.json(defined({ dashboard_url: result.dashboardUrl }), 200);
}

/** Deprovision and unbind: 202 `{operation}` async, else 200 `{}`. */
export function deletionResponse(c: Context, result: OperationResult): Response {
  if (result.async) return c.json(defined({ operation: result.operation }), 202);
  return c.json({}, 200);
}

/** Bind: 202 `{operation}` async; 200 `{credentials}` when identical binding exists; 201 created. */
export function bindResponse(c: Context, result: BindResult): Response {
  if (result.async) return c.json(defined({ operation: result.operation }), 202);
  const body = defined({ metadata: result.metadata, credentials: result.credentials });
  return c.json(body, result.alreadyExists ? 200 : 201);
}

/**
 * last_operation: 410 `{}` once a deletion has succeeded (`gone`), else 200 with `state`,
 * `description?`, `instance_usable?`, `update_repeatable?` and Retry-After when the broker asks for it.
 */
export function lastOperationResponse(c: Context, op: LastOperation): Response {
  if (op.gone) return c.json({}, 410);
  if (op.retryAfterSeconds !== undefined && Number.isFinite(op.retryAfterSeconds) && op.retryAfterSeconds >= 0) {
    c.header("Retry-After", String(Math.ceil(op.retryAfterSeconds)));
  }
  const body = defined({
    state: op.state,
    description: op.description,
    instance_usable: op.instanceUsable,
    update_repeatable: op.updateRepeatable,
  });
  return c.json(body, 200);
}
