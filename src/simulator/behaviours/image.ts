/**
 * openstack_images_image_v2 (Glance): an active image whose `image_id` is its id
 * (resource_openstack_images_image_v2.go: d.Set("image_id", img.ID)), its file and schema paths as
 * Glance returns them, and the size of what its `image_source_url` serves (inventory `downloads`;
 * the simulator downloads nothing, so an unlisted URL gives 0).
 */
import { str, setIfUnknown, type ResourceBehaviour } from "./types.js";

/** The image behaviour. */
export const image: ResourceBehaviour = {
  // Glance creates the image with the given id.
  id: (state) => str(state, "image_id"),
  fill(state, context) {
    const url = str(state, "image_source_url");
    const download = (context.config.inventory.downloads ?? []).find((d) => d.url === url);
    setIfUnknown(state, "image_id", context.id);
    setIfUnknown(state, "status", "active");
    setIfUnknown(state, "size_bytes", download?.sizeBytes ?? 0);
    setIfUnknown(state, "file", `/v2/images/${context.id}/file`);
    setIfUnknown(state, "schema", "/v2/schemas/image");
    setIfUnknown(state, "metadata", {});
    setIfUnknown(state, "properties", {});
  },
};
