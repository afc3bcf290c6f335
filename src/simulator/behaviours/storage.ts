import { createHash } from "node:crypto";
import { SimulatedApiError } from "../api-errors.js";
import { isObject } from "../block-values.js";
import { isUnknown } from "../msgpack-values.js";
import { unexpectedResponse } from "../service-errors.js";
import { num, setIfUnknown, str, type ResourceBehaviour } from "./types.js";

/**
 * Swift's versioning capabilities (swift/common/middleware/versioned_writes): legacy versioning
 * (`versioning_legacy`: X-Versions-Location / X-History-Location) on a proxy without
 * `allow_versioned_writes` is refused, 412 "Versioned Writes is disabled" (legacy.py); `versioning`
 * (X-Versions-Enabled) without `allow_object_versioning` is not an error: the middleware is not in
 * the pipeline, the container server ignores the header, and the provider reads `versioning`
 * back as false, so every plan shows the change again.
 */
export const container: ResourceBehaviour = {
  id: (state) => str(state, "name"),
  check(state, context) {
    if (context.operation !== "create" && context.operation !== "update") return;
    const legacy = Array.isArray(state.versioning_legacy) ? state.versioning_legacy.filter(isObject) : [];
    if (context.config.services.swift.versionedWrites || !legacy.some((v) => str(v, "location"))) return;
    const name = str(state, "name") ?? "";
    const response = unexpectedResponse({
      method: context.operation === "create" ? "PUT" : "POST",
      service: "object-store",
      path: `/${name}`,
      expected: [201, 202, 204],
      status: 412,
      body: "Versioned Writes is disabled",
    });
    throw new SimulatedApiError(
      context.operation === "create"
        ? `error creating objectstorage_container_v1: ${response}`
        : `error updating objectstorage_container_v1 '${String(context.prior?.id)}': ${response}`,
    );
  },
  fill(state, context) {
    setIfUnknown(state, "storage_policy", "Policy-0");
    setIfUnknown(state, "storage_class", "");
    if (state.versioning === true && !context.config.services.swift.objectVersioning) state.versioning = false;
  },
};

/** Python's mimetypes table (what Swift's guess uses) for common extensions. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  txt: "text/plain",
  csv: "text/csv",
  html: "text/html",
  htm: "text/html",
  css: "text/css",
  xml: "text/xml",
  json: "application/json",
  js: "text/javascript",
  pdf: "application/pdf",
  zip: "application/zip",
  tar: "application/x-tar",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  svg: "image/svg+xml",
};

/**
 * The Content-Type Swift stores (swift/proxy/controllers/obj.py `_update_content_type`): the one
 * sent, unless X-Detect-Content-Type is true or none is sent — then mimetypes.guess_type of the
 * object's path, else application/octet-stream. The provider sends content_type when set and
 * X-Detect-Content-Type for detect_content_type (resource_openstack_objectstorage_object_v1.go);
 * gophercloud adds no Content-Type of its own to a raw body.
 */
function storedContentType(name: string, sent: string | undefined, detect: boolean): string {
  if (sent && !detect) return sent;
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return (extension && MIME_TYPES[extension]) || "application/octet-stream";
}

/** openstack_objectstorage_object_v1: etag and length of the content, the content type Swift stores. */
export const object: ResourceBehaviour = {
  id: (state) =>
    str(state, "container_name") && str(state, "name")
      ? `${str(state, "container_name")}/${str(state, "name")}`
      : undefined,
  fill(state, context) {
    const content = str(state, "content") ?? "";
    const httpDate = new Date(context.now).toUTCString();
    // Read takes both from Swift's HEAD of the object as now uploaded (an update uploads it again).
    state.etag = createHash("md5").update(content).digest("hex");
    state.content_length = Buffer.byteLength(content);
    const sent = isUnknown(state.content_type) ? undefined : str(state, "content_type");
    state.content_type = storedContentType(str(state, "name") ?? "", sent, state.detect_content_type === true);
    setIfUnknown(state, "date", httpDate);
    setIfUnknown(state, "last_modified", httpDate);
    setIfUnknown(state, "trans_id", `tx${context.id.replace(/[^0-9a-f]/g, "").slice(0, 21)}-simulator`);
  },
};

/**
 * openstack_blockstorage_volume_v3 (Cinder): volume and gigabyte quotas. A size change is an
 * extend (resourceBlockStorageVolumeV3Update calls volumes.ExtendSize; `size` is not ForceNew):
 * Cinder refuses a size below the current one (cinder/volume/api.py `extend`: InvalidInput, 400),
 * and the provider refuses to extend an attached (in-use) volume unless `enable_online_resize`.
 */
export const volume: ResourceBehaviour = {
  quota: (state) => ({ volumes: 1, gigabytes: num(state, "size") ?? 1 }),
  async check(state, context) {
    if (context.operation !== "update" || !context.prior) return;
    const id = String(context.prior.id);
    const current = num(context.prior, "size");
    const wanted = num(state, "size");
    if (current === undefined || wanted === undefined || current === wanted) return;
    const attached = (await context.store.list("openstack_compute_volume_attach_v2")).some(
      (a) => a.state.volume_id === id,
    );
    if (attached && state.enable_online_resize !== true) {
      throw new SimulatedApiError(
        `Error extending openstack_blockstorage_volume_v3 ${id},\n\t\t\t\t\tvolume is attached to the instance and\n\t\t\t\t\tresizing online is disabled,\n\t\t\t\t\tsee enable_online_resize option`,
      );
    }
    if (wanted > current) return;
    const response = unexpectedResponse({
      method: "POST",
      service: "volumev3",
      path: `/volumes/${id}/action`,
      expected: [202],
      status: 400,
      body: {
        badRequest: {
          code: 400,
          message: `Invalid input received: New size for extend must be greater than current size. (current: ${current}, extend: ${wanted}).`,
        },
      },
    });
    throw new SimulatedApiError(`Error extending openstack_blockstorage_volume_v3 ${id} size: ${response}`);
  },
  fill(state, context) {
    setIfUnknown(state, "volume_type", "lvmdriver-1");
    setIfUnknown(state, "metadata", {});
    setIfUnknown(state, "attachment", []);
    setIfUnknown(state, "availability_zone", context.config.inventory.availabilityZones[0] ?? "nova");
  },
};
