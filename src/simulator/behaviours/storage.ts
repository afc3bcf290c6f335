import { createHash } from "node:crypto";
import { SimulatedApiError } from "../api-errors.js";
import { isObject } from "../block-values.js";
import { isUnknown } from "../msgpack-values.js";
import type { CloudStore } from "../cloud-store.js";
import type { TfObject } from "../msgpack-values.js";
import { DEFAULT_OK_CODES, unexpectedResponse } from "../service-errors.js";
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
  async check(state, context) {
    if (context.operation === "delete") return refuseNonEmptyDelete(state, context.store);
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
  // force_destroy: the provider deleted every object of the container first.
  async afterDelete(prior, store) {
    if (prior.force_destroy !== true) return;
    for (const object of await objectsIn(store, String(prior.id))) await store.delete(OBJECT_TYPE, object.id);
  },
  fill(state, context) {
    setIfUnknown(state, "storage_policy", "Policy-0");
    setIfUnknown(state, "storage_class", "");
    if (state.versioning === true && !context.config.services.swift.objectVersioning) state.versioning = false;
  },
};

const OBJECT_TYPE = "openstack_objectstorage_object_v1";

async function objectsIn(store: CloudStore, container: string) {
  return (await store.list(OBJECT_TYPE)).filter((o) => str(o.state, "container_name") === container);
}

/**
 * Swift's container server refuses to delete a container that holds objects: 409 with swob's
 * HTTPConflict page (swift/container/server.py DELETE, `HTTPConflict` when not `broker.empty()`).
 * resource_openstack_objectstorage_container_v1.go Delete: with `force_destroy` it lists and deletes
 * every object (and version), then retries; without, the 409 goes through CheckDeleted ("error
 * deleting objectstorage_container_v1 '<id>' <id>: %w"). gophercloud containers.Delete: default OkCodes.
 */
async function refuseNonEmptyDelete(prior: TfObject, store: CloudStore): Promise<void> {
  const id = String(prior.id);
  if (prior.force_destroy === true || (await objectsIn(store, id)).length === 0) return;
  const response = unexpectedResponse({
    method: "DELETE",
    service: "object-store",
    path: `/${id}`,
    expected: DEFAULT_OK_CODES.DELETE,
    status: 409,
    body: "<html><h1>Conflict</h1><p>There was a conflict when trying to complete your request.</p></html>",
  });
  throw new SimulatedApiError(`error deleting objectstorage_container_v1 '${id}' ${id}: ${response}`);
}

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
