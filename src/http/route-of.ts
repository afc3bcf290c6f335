import { isSafeId } from "../domain/ids.js";

/** The route of a path, for logs and metrics (bounded: ids replaced), and the ids in it. */
export interface RouteOf {
  /** `/v2/service_instances/:instance_id/last_operation`; `unmatched` for any other path. */
  readonly route: string;
  readonly instance?: string;
  readonly binding?: string;
}

const ROUTE = /^\/(v2|x-preview)\/service_instances\/([^/]+)(?:\/service_bindings\/([^/]+))?(\/last_operation)?\/?$/;

/** Maps a request path onto its route; ids that could not be stored (not safe ids) are left out. */
export function routeOf(path: string): RouteOf {
  if (path === "/v2/catalog") return { route: path };
  const match = ROUTE.exec(path);
  if (match === null) return { route: "unmatched" };
  const [, root, instance, binding, last] = match;
  const route = `/${root}/service_instances/:instance_id${binding === undefined ? "" : "/service_bindings/:binding_id"}${last ?? ""}`;
  return {
    route,
    ...(isSafeId(instance) ? { instance } : {}),
    ...(binding !== undefined && isSafeId(binding) ? { binding } : {}),
  };
}
