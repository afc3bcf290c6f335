import { SimulatedApiError } from "../api-errors.js";
import { unexpectedResponse } from "../service-errors.js";
import { setIfUnknown, str, type ResourceBehaviour } from "./types.js";

const TYPE = "openstack_compute_volume_attach_v2";

/** Nova's answer to `POST /servers/<server>/os-volume_attachments` that the provider wraps. */
function refused(server: string, status: number, body: unknown): SimulatedApiError {
  const response = unexpectedResponse({
    method: "POST",
    service: "compute",
    path: `/servers/${server}/os-volume_attachments`,
    expected: [200],
    status,
    body,
  });
  return new SimulatedApiError(`Error creating ${TYPE} ${server}: ${response}`);
}

/**
 * openstack_compute_volume_attach_v2 (Nova's os-volume_attachments). The provider's id is
 * `<instance_id>/<attachment id>`, and Nova's attachment id is the volume id
 * (resourceComputeVolumeAttachV2Create). Nova answers 404 for a server or a volume it does not
 * know, and 400 for a volume already attached without `multiattach`; the device is the next free
 * `/dev/vd?` of the server after its root disk (`/dev/vda`) when none is asked for.
 */
export const volumeAttach: ResourceBehaviour = {
  id: (state) =>
    str(state, "instance_id") && str(state, "volume_id")
      ? `${str(state, "instance_id")}/${str(state, "volume_id")}`
      : undefined,
  async check(state, context) {
    if (context.operation !== "create") return;
    const server = str(state, "instance_id") ?? "";
    const volume = str(state, "volume_id") ?? "";
    if (!(await context.store.get("openstack_compute_instance_v2", server)))
      throw refused(server, 404, { itemNotFound: { code: 404, message: `Instance ${server} could not be found.` } });
    if (!(await context.store.get("openstack_blockstorage_volume_v3", volume)))
      throw refused(server, 404, { itemNotFound: { code: 404, message: `Volume ${volume} could not be found.` } });
    const attachments = await context.store.list(TYPE);
    if (state.multiattach !== true && attachments.some((a) => a.state.volume_id === volume)) {
      throw refused(server, 400, {
        badRequest: {
          code: 400,
          message: `Invalid volume: Volume ${volume} status must be available or downloading to reserve, but the current status is in-use.`,
        },
      });
    }
  },
  async fill(state, context) {
    const server = str(state, "instance_id");
    const used = (await context.store.list(TYPE))
      .filter((a) => a.state.instance_id === server && a.id !== context.id)
      .map((a) => str(a.state, "device"));
    const letter = "bcdefghijklmnopqrstuvwxyz".split("").find((l) => !used.includes(`/dev/vd${l}`)) ?? "z";
    setIfUnknown(state, "device", `/dev/vd${letter}`);
  },
};
