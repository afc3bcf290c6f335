import { createHash } from "node:crypto";
import { num, setIfUnknown, str, type ResourceBehaviour } from "./types.js";

/** openstack_objectstorage_container_v1 (Swift): the id is the name. */
export const container: ResourceBehaviour = {
  id: (state) => str(state, "name"),
  fill(state) {
    setIfUnknown(state, "storage_policy", "Policy-0");
    setIfUnknown(state, "storage_class", "");
  },
};

/** openstack_objectstorage_object_v1: etag and length of the content. */
export const object: ResourceBehaviour = {
  id: (state) => (str(state, "container_name") && str(state, "name") ? `${str(state, "container_name")}/${str(state, "name")}` : undefined),
  fill(state, context) {
    const content = str(state, "content") ?? "";
    const httpDate = new Date(context.now).toUTCString();
    setIfUnknown(state, "etag", createHash("md5").update(content).digest("hex"));
    setIfUnknown(state, "content_length", Buffer.byteLength(content));
    setIfUnknown(state, "content_type", "text/plain;charset=UTF-8");
    setIfUnknown(state, "date", httpDate);
    setIfUnknown(state, "last_modified", httpDate);
    setIfUnknown(state, "trans_id", `tx${context.id.replace(/[^0-9a-f]/g, "").slice(0, 21)}-simulator`);
  },
};

/** openstack_blockstorage_volume_v3 (Cinder): volume and gigabyte quotas. */
export const volume: ResourceBehaviour = {
  quota: (state) => ({ volumes: 1, gigabytes: num(state, "size") ?? 1 }),
  fill(state, context) {
    setIfUnknown(state, "volume_type", "lvmdriver-1");
    setIfUnknown(state, "metadata", {});
    setIfUnknown(state, "attachment", []);
    setIfUnknown(state, "availability_zone", context.config.inventory.availabilityZones[0] ?? "nova");
  },
};
