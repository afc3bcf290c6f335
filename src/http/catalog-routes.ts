import type { Hono } from "hono";
import type { ServiceBroker } from "../domain/service-broker.js";
import { rejectOtherMethods } from "./method-not-allowed.js";
import type { OsbEnv } from "./types.js";

/** Path of the catalog endpoint. */
export const CATALOG_PATH = "/v2/catalog";

/** GET /v2/catalog → 200 with the broker's catalog document. */
export function registerCatalogRoutes(app: Hono<OsbEnv>, broker: ServiceBroker): void {
  app.get(CATALOG_PATH, (c) => c.json(broker.catalog(), 200));
  rejectOtherMethods(app, CATALOG_PATH, ["GET"]);
}
