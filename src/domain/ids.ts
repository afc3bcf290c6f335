/** The ids the broker accepts from a platform (instance, binding and operation ids). */

const SAFE = /^[A-Za-z0-9._-]{1,200}$/;

/**
 * Whether a platform-chosen id can be kept: 1-200 characters of [A-Za-z0-9._-], not "." or "..".
 * The state layer stores each id as one key segment under this rule; the HTTP layer and the broker
 * answer 400 for any other id, so nothing path-like reaches the store.
 */
export function isSafeId(id: string): boolean {
  return SAFE.test(id) && id !== "." && id !== "..";
}
