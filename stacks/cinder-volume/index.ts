import { Fn, Op, Token, ref } from "cdktf";
import { BlockstorageVolumeV3 } from "../../gen/providers/openstack/blockstorage-volume-v3/index.js";
import { ComputeVolumeAttachV2 } from "../../gen/providers/openstack/compute-volume-attach-v2/index.js";
import { defineService } from "../../src/synth/service-definition.js";
import { NULL } from "../_lib/endpoints.js";
import { instanceResourceName, isInteger, requireSetting } from "../_lib/names.js";

/** Plan settings of a Cinder volume (`settings:` in catalog/cinder-volume.yaml). */
export interface CinderVolumeSettings {
  /** The plan's size in GB (an integer >= 1): the volume is never smaller. Required. */
  readonly size_gb: number;
  /** A Cinder volume type of the cloud (`openstack volume type list`). Default: the cloud's default type. */
  readonly volume_type?: string;
}

/** The plan settings, checked: a message naming the plan and setting when one is wrong. */
export function cinderVolumeSettings(ctx: Parameters<typeof requireSetting>[0]): CinderVolumeSettings {
  const size = requireSetting(ctx, "size_gb", (v): v is number => isInteger(v) && v >= 1, "an integer >= 1 (GB)");
  const type = ctx.plan.settings.volume_type;
  if (type !== undefined && (typeof type !== "string" || type === ""))
    throw new Error(
      `plan ${ctx.plan.serviceName}/${ctx.plan.name}: settings.volume_type must be a non-empty string (got ${JSON.stringify(type)})`,
    );
  return { size_gb: size, ...(type === undefined ? {} : { volume_type: type }) };
}

/**
 * A Cinder volume (`openstack_blockstorage_volume_v3`), optionally attached to a Nova server.
 *
 * Size: the larger of the plan's `size_gb` and the parameter `size`. Provider 3.4.0 updates `size`
 * in place with `volumes.ExtendSize` (it is not ForceNew), and Cinder only extends: a smaller size is
 * refused by the broker before anything runs (422, src/broker/cloud-refused-updates.ts), so a plan
 * change to a smaller plan or a smaller `size` is refused too. `enable_online_resize` is set, so an
 * attached volume extends while in use (the provider refuses otherwise).
 *
 * Attachment: the broker has no references between service instances, so the parameter `server_id`
 * takes the Nova server id (a `nova-vm` binding's `server_id` credential): then an
 * `openstack_compute_volume_attach_v2` attaches the volume (count 1, else 0). Changing or clearing
 * it detaches and attaches again; the volume and its data stay.
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "volume_id", "size_gb", "volume_type", "availability_zone", "server_id", "device"],
  instance(scope, ctx) {
    const settings = cinderVolumeSettings(ctx);
    const requested = Token.asNumber(ctx.param("size"));
    const volume = new BlockstorageVolumeV3(scope, "volume", {
      name: instanceResourceName(ctx),
      description: ctx.param("description"),
      size: Token.asNumber(Fn.max([settings.size_gb, Token.asNumber(Fn.coalesce([requested, 0]))])),
      volumeType: settings.volume_type,
      enableOnlineResize: true,
    });
    const server = ctx.param("server_id");
    const attach = new ComputeVolumeAttachV2(scope, "attach", {
      count: Token.asNumber(Fn.conditional(Op.eq(server, NULL), 0, 1)),
      instanceId: server,
      volumeId: volume.id,
    });
    ctx.output("type", "volume");
    ctx.output("provider", "openstack-cinder");
    ctx.output("volume_id", volume.id);
    ctx.output("size_gb", volume.size);
    ctx.output("volume_type", volume.volumeType);
    ctx.output("availability_zone", volume.availabilityZone);
    ctx.output("server_id", server);
    // The attachment has count 0 or 1: its device through a splat (null when not attached).
    ctx.output(
      "device",
      Fn.one(Token.asList(ref(`${attach.terraformResourceType}.${attach.friendlyUniqueId}[*].device`))),
    );
  },
});
