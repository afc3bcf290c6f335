import { describe, expect, it } from "vitest";
import type { PlanResourceChange } from "../terraform/plan-summary.js";
import { cloudRefusedChanges } from "./cloud-refused-updates.js";

const volume = (before: unknown, after: unknown, extra: Partial<PlanResourceChange> = {}): PlanResourceChange => ({
  address: "openstack_blockstorage_volume_v3.volume",
  type: "openstack_blockstorage_volume_v3",
  name: "volume",
  mode: "managed",
  action: "update",
  attributes: [{ name: "size", sensitive: false, unknownAfter: false, before, after }],
  ...extra,
});

describe("cloudRefusedChanges", () => {
  it("names a Cinder volume that would shrink, with both sizes and why", () => {
    expect(cloudRefusedChanges([volume(50, 10)])).toEqual([
      "openstack_blockstorage_volume_v3.volume: size 50 -> 10 is refused (Cinder can only extend a volume, never shrink it)",
    ]);
  });

  it("lets an extend, a create, a replacement and an unknown size through", () => {
    expect(cloudRefusedChanges([volume(10, 50)])).toEqual([]);
    expect(cloudRefusedChanges([volume(50, 10, { action: "create" })])).toEqual([]);
    expect(cloudRefusedChanges([volume(50, 10, { action: "replace" })])).toEqual([]);
    expect(
      cloudRefusedChanges([
        volume(50, undefined, { attributes: [{ name: "size", sensitive: false, unknownAfter: true, before: 50 }] }),
      ]),
    ).toEqual([]);
  });
});
