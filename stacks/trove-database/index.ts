import { Fn, Token } from "cdktf";
import { DbInstanceV1 } from "../../gen/providers/openstack/db-instance-v1/index.js";
import { DbUserV1 } from "../../gen/providers/openstack/db-user-v1/index.js";
import { defineService } from "../../src/synth/service-definition.js";
import { flavorByName, networkByName } from "../_lib/lookups.js";
import {
  bindingAccountName,
  instanceResourceName,
  isBoolean,
  isInteger,
  isString,
  requireSetting,
} from "../_lib/names.js";

/**
 * A Trove database instance (MySQL, PostgreSQL, MariaDB, Redis...). One construct serves every
 * datastore; the catalog plan's settings choose which:
 * - `datastore` (string, required): Trove datastore type (`mysql`, `postgresql`, `mariadb`, `redis`);
 * - `flavor` (string, required): the Nova flavor name the plan stands for;
 * - `port` (integer, required): the port clients connect to;
 * - `volume_type` (string, required): the Cinder volume type of the data volume. The provider
 *   requires it with `size` (`RequiredWith: ["volume_type"]` on `size` in
 *   openstack/resource_openstack_db_instance_v1.go: without it `terraform plan` fails with
 *   `"size": all of 'size,volume_type' must be specified`). The shipped catalog says `__DEFAULT__`,
 *   the type Cinder creates and uses when none is asked for; the operator names another one;
 * - `scheme` (string, default = datastore): the URI scheme of the `uri` credential;
 * - `users` (boolean, default true): the datastore has accounts and databases, so each binding gets
 *   its own user with a broker-generated password; false (Redis) binds host and port only.
 *
 * Parameters (variables): `volume_size`, `datastore_version`, `network`, `database` (when `users`).
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "host", "port"],
  secrets: { binding: ["password"] },
  // A database user lives inside its Trove instance. If the instance is deleted behind the broker's
  // back, the provider's Read and Delete of the user fail on the 404 (they list the instance's users
  // first: openstack/db_user_v1.go): unbind then forgets the user instead of failing forever.
  bindingGoneWithInstance: ["openstack_db_user_v1"],
  instance(scope, ctx) {
    const datastore = requireSetting(ctx, "datastore", isString, "a Trove datastore type");
    const port = requireSetting(ctx, "port", isInteger, "an integer port");
    const volumeType = requireSetting(
      ctx,
      "volume_type",
      isString,
      "a Cinder volume type name (__DEFAULT__ is Cinder's default type)",
    );
    const users = ctx.plan.settings.users === undefined || requireSetting(ctx, "users", isBoolean, "a boolean");

    const flavor = flavorByName(scope, "flavor", requireSetting(ctx, "flavor", isString, "a Nova flavor name"));
    const network = networkByName(scope, "network", ctx.param("network"));
    const db = new DbInstanceV1(scope, "db", {
      name: instanceResourceName(ctx),
      flavorId: flavor.id,
      size: Token.asNumber(ctx.param("volume_size")),
      volumeType,
      datastore: { type: datastore, version: ctx.param("datastore_version") },
      network: [{ uuid: network.id }],
      database: users ? [{ name: ctx.param("database") }] : undefined,
    });

    ctx.output("trove_instance_id", db.id);
    ctx.output("type", datastore);
    ctx.output("provider", "openstack-trove");
    ctx.output("host", Fn.element(db.addresses, 0));
    ctx.output("port", port);
    if (users) ctx.output("database", ctx.param("database"));
  },
  binding(scope, ctx) {
    const datastore = requireSetting(ctx, "datastore", isString, "a Trove datastore type");
    const scheme =
      ctx.plan.settings.scheme === undefined ? datastore : requireSetting(ctx, "scheme", isString, "a URI scheme");
    const users = ctx.plan.settings.users === undefined || requireSetting(ctx, "users", isBoolean, "a boolean");
    const host = ctx.instanceOutput("host");
    const port = ctx.instanceOutput("port");

    if (!users) {
      ctx.output("uri", `${scheme}://${host}:${port}`);
      return;
    }
    const database = ctx.instanceOutput("database");
    const user = new DbUserV1(scope, "user", {
      instanceId: ctx.instanceOutput("trove_instance_id"),
      name: bindingAccountName(ctx),
      password: ctx.secret("password"),
      databases: [database],
    });
    ctx.output("username", user.name);
    ctx.output("password", ctx.secret("password"), { sensitive: true });
    ctx.output("database", database);
    ctx.output("uri", `${scheme}://${user.name}:${ctx.secret("password")}@${host}:${port}/${database}`, {
      sensitive: true,
    });
  },
});
