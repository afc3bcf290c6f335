import { Hono, type Context } from "hono";
import type { ServiceBroker } from "../domain/service-broker.js";
import type { BasicAuthCredentials } from "./basic-auth.js";
import { osbEnvelope } from "./envelope.js";
import { registerBindingRoutes } from "./binding-routes.js";
import { registerCatalogRoutes } from "./catalog-routes.js";
import { createOsbErrorHandler } from "./error-handler.js";
import { registerInstanceRoutes } from "./instance-routes.js";
import { osbError } from "./osb-response.js";
import { REQUEST_IDENTITY_HEADER } from "./request-identity.js";
import { silentLogger, type OsbEnv, type OsbLogger } from "./types.js";
import { requestHeader } from "./request-header.js";

export interface OsbAppOptions {
  /** The broker behind the endpoints. */
  readonly broker: ServiceBroker;
  /** The Basic auth credentials platforms register the broker with. */
  readonly credentials: BasicAuthCredentials;
  /** pino-like logger. Default: silent. */
  readonly logger?: OsbLogger;
  /** Largest accepted request body in bytes (413 beyond). Default 1 MiB. */
  readonly maxBodyBytes?: number;
}

/** Answers an unknown route with 404 `{ description }` (echoing the request identity). */
export function osbNotFound(c: Context): Response {
  const id = requestHeader(c, REQUEST_IDENTITY_HEADER);
  if (id) c.header(REQUEST_IDENTITY_HEADER, id);
  return osbError(c, 404, `no such endpoint: ${c.req.method} ${c.req.path}`);
}

/**
 * The OSB API v2.17 as a hono app: envelope middleware on every `/v2` route (request identity echo,
 * body limit, Basic auth → 401, X-Broker-API-Version 2.13..2.17 → 412, originating identity → 400,
 * a body that is not `application/json` → 415),
 * then the catalog, instance and binding routes; unknown `/v2` routes → 404, wrong method → 405,
 * `BrokerError` → its status, anything else → 500 "internal error".
 *
 * Every route and middleware lives under `/v2`, so the app composes: `server.route("/", osbApp)`
 * keeps all of this (hono carries the app's error handler along); only the app-level 404 for paths
 * outside `/v2` stays with the parent — use `server.notFound(osbNotFound)` there if wanted.
 */
export function createOsbApp(options: OsbAppOptions): Hono<OsbEnv> {
  const logger = options.logger ?? silentLogger;
  const app = new Hono<OsbEnv>();
  const onError = createOsbErrorHandler(logger);
  app.onError(onError);
  app.notFound(osbNotFound);

  const credentials = options.credentials;
  const envelope = osbEnvelope({ credentials, logger, maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024, onError });
  app.use("/v2/*", envelope); // hono's "/v2/*" also matches "/v2"

  registerCatalogRoutes(app, options.broker);
  registerInstanceRoutes(app, options.broker);
  registerBindingRoutes(app, options.broker);
  // Unknown /v2 routes: a route (not only notFound) so the 404 survives composition into a parent.
  app.all("/v2/*", osbNotFound);
  return app;
}
