/** An error the simulated API returned; its message becomes the terraform diagnostic. */
export class SimulatedApiError extends Error {
  /**
   * @param leavesResource the cloud kept what the failed create made (e.g. a zone still PENDING, a
   *   stack in CREATE_FAILED) although terraform records nothing: the resource stays in the store.
   */
  constructor(
    message: string,
    readonly leavesResource = false,
  ) {
    super(message);
  }
}

/** Which simulated OpenStack API a resource type talks to, for realistic error texts. */
function endpointOf(type: string, operation: string): { service: string; method: string; url: string; ok: number } {
  const base = "http://openstack.simulator:";
  const method = operation === "create" ? "POST" : operation === "delete" ? "DELETE" : "PUT";
  const ok = operation === "create" ? 202 : operation === "delete" ? 204 : 200;
  if (type.startsWith("openstack_compute_")) return { service: "nova", method, url: `${base}8774/v2.1/servers`, ok };
  if (type.startsWith("openstack_blockstorage_"))
    return { service: "cinder", method, url: `${base}8776/v3/volumes`, ok };
  if (type.startsWith("openstack_db_")) return { service: "trove", method, url: `${base}8779/v1.0/instances`, ok };
  if (type.startsWith("openstack_networking_"))
    return { service: "neutron", method, url: `${base}9696/v2.0/${type.split("_")[2]}s`, ok: ok === 202 ? 201 : ok };
  if (type.startsWith("openstack_objectstorage_"))
    return { service: "swift", method: method === "POST" ? "PUT" : method, url: `${base}8080/v1/AUTH_demo`, ok: 201 };
  if (type.startsWith("openstack_orchestration_"))
    return { service: "heat", method, url: `${base}8004/v1/stacks`, ok: 201 };
  return { service: "openstack", method, url: `${base}5000/v3/${type}`, ok };
}

/** Human name the real provider uses in "Error creating ..." messages. */
function label(type: string): string {
  if (type === "openstack_compute_instance_v2") return "OpenStack server";
  if (type === "openstack_db_instance_v1") return "openstack_db_instance_v1";
  return type;
}

/**
 * The error text the real provider would report for an HTTP error from an OpenStack API, e.g.
 * `Error creating OpenStack server: Expected HTTP response code [202] when accessing [POST ...], but
 * got 403 instead: {"forbidden": {...}}`.
 */
export function apiErrorMessage(
  type: string,
  operation: string,
  status: number,
  body: Record<string, unknown>,
): string {
  const endpoint = endpointOf(type, operation);
  const verb = operation === "create" ? "creating" : operation === "delete" ? "deleting" : "updating";
  return (
    `Error ${verb} ${label(type)}: Expected HTTP response code [${endpoint.ok}] when accessing ` +
    `[${endpoint.method} ${endpoint.url}], but got ${status} instead: ${JSON.stringify(body)}`
  );
}

/** The text of an injected failure (an HTTP 500 in the service's own error format). */
export function injectedFailureMessage(type: string, operation: string, message: string | undefined): string {
  const text = message ?? `Simulated ${operation} failure injected for ${type}`;
  const service = endpointOf(type, operation).service;
  const body =
    service === "nova"
      ? { computeFault: { code: 500, message: text } }
      : service === "neutron"
        ? { NeutronError: { type: "SimulatedFailure", message: text, detail: "" } }
        : { error: { code: 500, title: "Internal Server Error", message: text } };
  return apiErrorMessage(type, operation, 500, body);
}
