import type { Hono } from "hono";
import type { ServiceBroker } from "../domain/service-broker.js";
import { rejectOtherMethods } from "./method-not-allowed.js";
import { pathId } from "./path-ids.js";
import { decodeBind, decodePoll, decodeUnbind } from "./request-details.js";
import { readJsonObject } from "./request-fields.js";
import { requestMeta } from "./request-meta.js";
import { bindResponse, deletionResponse, lastOperationResponse } from "./result-responses.js";
import type { OsbEnv } from "./types.js";

/** Path of one service binding. */
export const BINDING_PATH = "/v2/service_instances/:instance_id/service_bindings/:binding_id";
/** Path of a service binding's last operation. */
export const BINDING_LAST_OPERATION_PATH = `${BINDING_PATH}/last_operation` as const;

/**
 * Service binding endpoints: bind (PUT), unbind (DELETE), fetch (GET) and last_operation (GET).
 * Each handler decodes, calls the broker once and maps the result.
 */
export function registerBindingRoutes(app: Hono<OsbEnv>, broker: ServiceBroker): void {
  app.put(BINDING_PATH, async (c) => {
    const [instance_id, binding_id] = [pathId(c, "instance_id"), pathId(c, "binding_id")];
    const meta = requestMeta(c);
    const details = decodeBind(await readJsonObject(c));
    return bindResponse(c, await broker.bind(instance_id, binding_id, details, meta));
  });
  app.delete(BINDING_PATH, async (c) => {
    const [instance_id, binding_id] = [pathId(c, "instance_id"), pathId(c, "binding_id")];
    const meta = requestMeta(c);
    const details = decodeUnbind(c.req.query());
    return deletionResponse(c, await broker.unbind(instance_id, binding_id, details, meta));
  });
  app.get(BINDING_PATH, async (c) => {
    const [instance_id, binding_id] = [pathId(c, "instance_id"), pathId(c, "binding_id")];
    const query = c.req.query();
    const meta = requestMeta(c, query);
    const view = await broker.getBinding(instance_id, binding_id, decodePoll(query), meta);
    return c.json(view, 200);
  });
  rejectOtherMethods(app, BINDING_PATH, ["GET", "PUT", "DELETE"]);

  app.get(BINDING_LAST_OPERATION_PATH, async (c) => {
    const [instance_id, binding_id] = [pathId(c, "instance_id"), pathId(c, "binding_id")];
    const query = c.req.query();
    const meta = requestMeta(c, query);
    const op = await broker.lastBindingOperation(instance_id, binding_id, decodePoll(query), meta);
    return lastOperationResponse(c, op);
  });
  rejectOtherMethods(app, BINDING_LAST_OPERATION_PATH, ["GET"]);
}
