import { IdentityApplicationCredentialV3 } from "../../gen/providers/openstack/identity-application-credential-v3/index.js";
import { ObjectstorageContainerV1 } from "../../gen/providers/openstack/objectstorage-container-v1/index.js";
import { defineService, type StackContext } from "../../src/synth/service-definition.js";
import { outputApplicationCredential } from "../_lib/application-credential.js";
import { formatOrNull, serviceEndpoint, serviceRegion } from "../_lib/endpoints.js";
import { bindingResourceName, instanceResourceName, isBoolean, requireSetting } from "../_lib/names.js";

/** Plan setting `delete_backups`: whether deprovision deletes the container with the backups in it. */
const deleteBackups = (ctx: StackContext) => requireSetting(ctx, "delete_backups", isBoolean, "true or false");

/** What a binding's application credential may call, by Keystone service type. */
export function backupAccessRules(container: string): { service: string; method: string; path: string }[] {
  const rules = (service: string, methods: readonly string[], paths: readonly string[]) =>
    paths.flatMap((path) => methods.map((method) => ({ service, method, path })));
  return [
    // Trove v1.0 (paths after the endpoint's host: /v1.0/<project id>/...): create, list, show and
    // delete backups, read instances and their backups (to pick what to back up).
    ...rules("database", ["GET", "POST"], ["/v1.0/*/backups"]),
    ...rules("database", ["GET", "DELETE"], ["/v1.0/*/backups/*"]),
    ...rules("database", ["GET"], ["/v1.0/*/instances", "/v1.0/*/instances/*", "/v1.0/*/instances/*/backups"]),
    // Swift: this container and its objects only (/v1/AUTH_<project>/<container>...). Trove writes
    // and deletes backup objects with the caller's token, which carries these rules: read-only
    // rules would make every backup fail in Swift.
    ...rules("object-store", ["GET", "HEAD", "PUT", "POST", "DELETE"], [`/v1/*/${container}`, `/v1/*/${container}/**`]),
  ];
}

/**
 * A backup target for Trove: a Swift container (`osb-<instance id>`) in the broker's project that
 * Trove backups name with `swift_container` (Trove API v1.0 `POST /backups`, Victoria and later;
 * the provider has no backup resource). Each binding is a Keystone application credential whose
 * access rules allow the Trove backup calls and reading this container, nothing else.
 *
 * Setting `delete_backups` (boolean, required): true deletes the container with its backups on
 * deprovision (`force_destroy`); false leaves Swift to refuse deleting a container that still holds
 * objects (409), so deprovision fails until the backups are deleted through Trove.
 * Parameter `storage_policy` (string, optional, create only).
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "container", "storage_url", "region", "database_url"],
  instance(scope, ctx) {
    const container = new ObjectstorageContainerV1(scope, "container", {
      name: instanceResourceName(ctx),
      storagePolicy: ctx.param("storage_policy"),
      forceDestroy: deleteBackups(ctx),
    });
    const objectStore = serviceEndpoint(scope, "object-store");
    ctx.output("type", "trove-backup");
    ctx.output("provider", "openstack-swift");
    ctx.output("container", container.name);
    ctx.output("storage_url", formatOrNull("%s/%s", objectStore, container.name));
    ctx.output("region", serviceRegion(scope, "object-store"));
    ctx.output("database_url", serviceEndpoint(scope, "database"));
  },
  binding(scope, ctx) {
    const container = ctx.instanceOutput("container");
    const credential = new IdentityApplicationCredentialV3(scope, "credential", {
      name: bindingResourceName(ctx),
      description: `Open Service Broker binding: Trove backups into Swift container ${container}`,
      unrestricted: false,
      accessRules: backupAccessRules(container),
    });
    outputApplicationCredential(scope, ctx, credential);
  },
});
