/**
 * The provider functions the generator recognises BY NAME (their behaviour read from the 3.4.0 source
 * once, named here; docs/provider-rules.md describes each `known` value). Everything else is
 * recognised by shape (provider-validators.ts, rule-functions.ts) or listed in `unmodelled`.
 * A function renamed or changed upstream MUST be re-read before its entry is kept.
 */
import type { CustomizeDiffRule, RuleArg } from "../../src/provider-rules/types.js";

/**
 * A named validator's behaviour. Its `args` are read from the function itself: `"local-lists"` — the
 * string lists it declares locally (`x := []string{...}`; a `map[string]bool{...}` gives its keys), in
 * order; `{ call }` — the value of calling a provider function (e.g. a list built from gophercloud constants).
 */
export interface KnownValidator {
  readonly known: string;
  readonly args?: "local-lists" | { readonly call: string };
}

/** Validators (util.go, data_source_openstack_keymanager_secret_v1.go, images_image_v2.go, identity_user_v3.go). */
export const KNOWN_VALIDATORS: Readonly<Record<string, KnownValidator>> = {
  // Non-empty, and json.Unmarshal into a map succeeds.
  validateJSONObject: { known: "json-object" },
  // `[<op>:]<RFC 3339 time>`; args: [the operators].
  dataSourceValidateDateFilter: { known: "date-filter", args: { call: "getDateFilters" } },
  // Comma-separated `<key>[:<direction>]`; args: [keys, directions].
  dataSourceValidateImageSortFilter: { known: "image-sort-filter", args: "local-lists" },
  // `<operator>:<RFC 3339 time>`; args: [operators].
  validatePasswordExpiresAtQuery: { known: "operator-timestamp", args: "local-lists" },
};

/** StateFunc / DiffSuppressFunc functions by name (util.go, resource_openstack_compute_instance_v2.go, resource_openstack_objectstorage_account_v1.go). */
export const KNOWN_FUNCTIONS: Readonly<Record<string, { readonly known: string; readonly args?: readonly RuleArg[] }>> =
  {
    // Suppressed when old and new are both "{}" or "".
    diffSuppressJSONObject: { known: "json-empty-object" },
    // Suppressed when both parse as RFC 3339 and denote the same instant.
    suppressEquivalentTimeDiffs: { known: "time-equal" },
    // Suppressed when new is "<az>:<host...>" and <az> equals old.
    suppressAvailabilityZoneDetailDiffs: { known: "az-host-detail" },
    // Swift account metadata compared with canonical header keys; a "Quota-Bytes" key absent from config is ignored.
    resourceAccountMetadataDiffSuppressFunc: { known: "swift-metadata-canonical" },
  };

/** CustomizeDiff functions by name (images_image_v2.go). */
export const KNOWN_CUSTOMIZE_DIFFS: Readonly<Record<string, CustomizeDiffRule>> = {
  resourceImagesImageV2UpdateComputedAttributes: {
    kind: "other",
    description:
      "when properties change on an existing image, the planned properties keep the keys the Image service sets itself " +
      "(os_* keys, stores, direct_url) from state, so only user-set keys produce a diff",
  },
};
