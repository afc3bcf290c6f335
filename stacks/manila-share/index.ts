import { Fn, Token } from "cdktf";
import { SharedfilesystemShareAccessV2 } from "../../gen/providers/openstack/sharedfilesystem-share-access-v2/index.js";
import { SharedfilesystemShareV2 } from "../../gen/providers/openstack/sharedfilesystem-share-v2/index.js";
import { DataOpenstackSharedfilesystemSharenetworkV2 } from "../../gen/providers/openstack/data-openstack-sharedfilesystem-sharenetwork-v2/index.js";
import { defineService, type StackContext } from "../../src/synth/service-definition.js";
import { NULL } from "../_lib/endpoints.js";
import { bindingAccountName, instanceResourceName, isString, requireSetting } from "../_lib/names.js";

const PROTOCOLS = ["NFS", "CEPHFS"] as const;
type Protocol = (typeof PROTOCOLS)[number];
const protocol = (ctx: StackContext) =>
  requireSetting(
    ctx,
    "protocol",
    (v): v is Protocol => PROTOCOLS.includes(v as Protocol),
    `one of ${PROTOCOLS.join(", ")}`,
  );

/**
 * A Manila shared filesystem. Settings: `protocol` (`NFS` or `CEPHFS`, required), `share_type`
 * (Manila share type, optional: the cloud's default), `share_network` (name of a Manila share
 * network of the broker's project, optional: required by Manila when the share type has
 * `driver_handles_share_servers=True`, where the share server is created on that network; the
 * provider sends `share_network_id`, ForceNew). Parameters: `size` (GB, create and update:
 * Manila extends or shrinks in place). Each binding adds an access rule: NFS by IP/CIDR (bind
 * parameter `access_to`), CephFS by a cephx user named after the binding, whose key is a credential.
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "share_id", "export_path", "protocol"],
  instance(scope, ctx) {
    const proto = protocol(ctx);
    const shareType = ctx.plan.settings.share_type;
    if (shareType !== undefined && typeof shareType !== "string")
      throw new Error(`plan ${ctx.plan.name}: settings.share_type must be a string`);
    const shareNetwork =
      ctx.plan.settings.share_network === undefined
        ? undefined
        : requireSetting(ctx, "share_network", isString, "a Manila share network name");
    const share = new SharedfilesystemShareV2(scope, "share", {
      name: instanceResourceName(ctx),
      description: "Open Service Broker instance",
      shareProto: proto,
      shareType,
      shareNetworkId:
        shareNetwork === undefined
          ? undefined
          : new DataOpenstackSharedfilesystemSharenetworkV2(scope, "share_network", { name: shareNetwork }).id,
      size: Token.asNumber(ctx.param("size")),
    });
    ctx.output("share_id", share.id);
    ctx.output("type", proto === "NFS" ? "nfs" : "cephfs");
    ctx.output("provider", "openstack-manila");
    ctx.output("protocol", proto);
    ctx.output("export_path", Fn.try([share.exportLocations.get(0).path, NULL]));
  },
  binding(scope, ctx) {
    const proto = protocol(ctx);
    const level = Fn.coalesce([ctx.param("access_level"), "rw"]);
    if (proto === "NFS") {
      new SharedfilesystemShareAccessV2(scope, "access", {
        shareId: ctx.instanceOutput("share_id"),
        accessType: "ip",
        accessTo: ctx.param("access_to"),
        accessLevel: level,
      });
      ctx.output("access_to", ctx.param("access_to"));
      ctx.output("access_level", level);
      return;
    }
    const user = bindingAccountName(ctx, "osb-");
    const access = new SharedfilesystemShareAccessV2(scope, "access", {
      shareId: ctx.instanceOutput("share_id"),
      accessType: "cephx",
      accessTo: user,
      accessLevel: level,
    });
    ctx.output("username", access.accessTo);
    ctx.output("access_key", access.accessKey, { sensitive: true });
    ctx.output("access_level", level);
  },
});
