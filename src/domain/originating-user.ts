import type { OriginatingIdentity } from "./request-meta.js";

/**
 * The fields that name the user in the platforms' X-Broker-API-Originating-Identity values: Cloud
 * Foundry `user_id`, Kubernetes `username`, and the usual alternatives.
 */
const USER_FIELDS = ["user_id", "username", "user_name", "user"] as const;

/**
 * The user behind a request, for logs: only the user id/name field of the originating identity,
 * never the whole value (it may carry groups, extra attributes or tokens). Undefined when none.
 */
export function originatingUser(identity: OriginatingIdentity | undefined): string | undefined {
  if (identity === undefined) return undefined;
  for (const field of USER_FIELDS) {
    const value = identity.value[field];
    if (typeof value === "string" && value !== "") return `${identity.platform}:${value.slice(0, 200)}`;
  }
  return undefined;
}
