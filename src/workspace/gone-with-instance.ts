import { TerraformError } from "../terraform/types.js";

/**
 * Binding resources that died with their instance. A database user lives inside its Trove instance:
 * once the instance is gone (deleted behind the broker's back), the provider cannot even look the
 * user up — openstack_db_user_v1's Read and Delete both list the instance's users first and fail on
 * the 404 (databaseUserV1Exists in openstack/db_user_v1.go, resource_openstack_db_user_v1.go) — so
 * `terraform destroy` fails on every retry and the binding could never be unbound.
 *
 * Given the failed destroy and the types a service declares (`ServiceDefinition.bindingGoneWithInstance`),
 * returns the addresses of the stack's resources of those types that terraform reported not found
 * (HTTP 404 / "not found"): forgetting them (`terraform state rm`) loses nothing, the instance took
 * them along. Any other failure (a timeout, a 500, a 403) returns none: the destroy fails as before,
 * and a credential that may still work is never forgotten.
 */
export function goneWithInstance(
  error: unknown,
  types: readonly string[],
  config: { readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>> },
): string[] {
  if (!(error instanceof TerraformError) || error.reason !== "failed" || types.length === 0) return [];
  const notFound = error.diagnostics.filter(
    (d) => d.severity === "error" && /\b404\b|not found|could not be found/i.test(`${d.summary} ${d.detail}`),
  );
  const addresses: string[] = [];
  for (const type of types) {
    for (const name of Object.keys(config.resource?.[type] ?? {})) {
      const address = `${type}.${name}`;
      const reported = notFound.some(
        (d) =>
          d.address === address ||
          ((d.address === undefined || !d.address.includes(".")) && `${d.summary} ${d.detail}`.includes(type)),
      );
      if (reported) addresses.push(address);
    }
  }
  return addresses;
}
