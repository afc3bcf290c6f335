import type { Hono } from "hono";
import type { ServiceBroker } from "../domain/service-broker.js";
import { rejectOtherMethods } from "./method-not-allowed.js";
import { pathId } from "./path-ids.js";
import { decodeDeprovision, decodePoll, decodeProvision, decodeUpdate } from "./request-details.js";
import { readJsonObject } from "./request-fields.js";
import { requestMeta } from "./request-meta.js";
import { deletionResponse, lastOperationResponse, provisionResponse, updateResponse } from "./result-responses.js";
import type { OsbEnv } from "./types.js";

/** Path of one service instance. */
export const INSTANCE_PATH = "/v2/service_instances/:instance_id";
/** Path of a service instance's last operation. */
export const INSTANCE_LAST_OPERATION_PATH = "/v2/service_instances/:instance_id/last_operation";

/**
 * Service instance endpoints: provision (PUT), update (PATCH), deprovision (DELETE), fetch (GET)
 * and last_operation (GET). Each handler decodes, calls the broker once and maps the result.
 */
export function registerInstanceRoutes(app: Hono<OsbEnv>, broker: ServiceBroker): void {
  app.put(INSTANCE_PATH, async (c) => {
    const id = pathId(c, "instance_id");
    const meta = requestMeta(c);
    const details = decodeProvision(await readJsonObject(c));
    return provisionResponse(c, await broker.provision(id, details, meta));
  });
  app.patch(INSTANCE_PATH, async (c) => {
    const id = pathId(c, "instance_id");
    const meta = requestMeta(c);
    const details = decodeUpdate(await readJsonObject(c));
    return updateResponse(c, await broker.update(id, details, meta));
  });
  app.delete(INSTANCE_PATH, async (c) => {
    const id = pathId(c, "instance_id");
    const meta = requestMeta(c);
    const details = decodeDeprovision(c.req.query());
    return deletionResponse(c, await broker.deprovision(id, details, meta));
  });
  app.get(INSTANCE_PATH, async (c) => {
    const id = pathId(c, "instance_id");
    const query = c.req.query();
    const meta = requestMeta(c, query);
    const view = await broker.getInstance(id, decodePoll(query), meta);
    return c.json(view, 200);
  });
  rejectOtherMethods(app, INSTANCE_PATH, ["GET", "PUT", "PATCH", "DELETE"]);

  app.get(INSTANCE_LAST_OPERATION_PATH, async (c) => {
    const id = pathId(c, "instance_id");
    const query = c.req.query();
    const meta = requestMeta(c, query);
    const op = await broker.lastOperation(id, decodePoll(query), meta);
    return lastOperationResponse(c, op);
  });
  rejectOtherMethods(app, INSTANCE_LAST_OPERATION_PATH, ["GET"]);
}
