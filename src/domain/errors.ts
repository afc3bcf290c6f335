/** The OSB error codes the spec defines; an error body carries `error` only for these. */
export type OsbErrorCode = "AsyncRequired" | "ConcurrencyError" | "RequiresApp" | "MaintenanceInfoConflict";

/**
 * A failure with a meaning for the platform: the HTTP layer turns it into `status` and the body
 * `{ error?, description }` (`{}` for 410, as the spec shows). Anything else is a 500 whose
 * description never carries internal details.
 */
export class BrokerError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly code?: OsbErrorCode,
    /** When true the body is `{}` (410 gone), as the spec shows; 409 carries a description. */
    readonly emptyBody = false,
  ) {
    super(description);
    this.name = "BrokerError";
  }
}

/** 400: a malformed or invalid request (missing field, unknown plan, parameters failing the schema). */
export const badRequest = (description: string) => new BrokerError(400, description);
/** 404: the instance, binding or operation does not exist (GET and last_operation). */
export const notFound = (description: string) => new BrokerError(404, description);
/**
 * 409: the instance exists with different attributes. The body carries a `description` naming the
 * attributes that differ (`differs`: e.g. ["plan_id", "parameters"]), so a client can tell why.
 */
export const instanceAlreadyExists = (differs: readonly string[] = []) =>
  new BrokerError(409, `instance already exists with different attributes${differsText(differs)}`);
/** 409: the binding exists with different attributes (named in the description, as above). */
export const bindingAlreadyExists = (differs: readonly string[] = []) =>
  new BrokerError(409, `binding already exists with different attributes${differsText(differs)}`);
const differsText = (differs: readonly string[]) => (differs.length === 0 ? "" : `: ${differs.join(", ")} differ`);
/** 410: deprovision of an instance that does not exist (or is gone). */
export const instanceGone = () => new BrokerError(410, "instance does not exist", undefined, true);
/** 410: unbind of a binding that does not exist (or is gone). */
export const bindingGone = () => new BrokerError(410, "binding does not exist", undefined, true);
/** 422 AsyncRequired: the work is asynchronous and the request lacks accepts_incomplete=true. */
export const asyncRequired = () =>
  new BrokerError(
    422,
    "This service plan requires client support for asynchronous service operations.",
    "AsyncRequired",
  );
/** 422 ConcurrencyError: another operation on this instance or binding is in progress. */
export const concurrencyError = (what = "another operation is in progress for this service instance") =>
  new BrokerError(422, what, "ConcurrencyError");
/** 422 MaintenanceInfoConflict: maintenance_info.version does not match the catalog. */
export const maintenanceInfoConflict = (description = "maintenance_info.version does not match the catalog") =>
  new BrokerError(422, description, "MaintenanceInfoConflict");
/** 422 without a code: the request is understood but refused (plan change not supported, destructive update). */
export const unprocessable = (description: string) => new BrokerError(422, description);
