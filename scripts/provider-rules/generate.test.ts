/**
 * The generator on a small synthetic provider (written for this test, in the shapes the real provider
 * uses), and the committed table regenerated from the reference source.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_PROVIDER_SOURCE, PROVIDER_RULES_VERSION, RULES_OUTPUT } from "../generate-provider-rules.js";
import { createGoPackage } from "./go-package.js";
import { generateProviderRules, generateProviderRulesFrom, serializeProviderRules } from "./generate.js";

const HEADER = `package openstack
import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"time"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"
	"github.com/gophercloud/gophercloud/v2/openstack/image/v2/images"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/customdiff"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/validation"
)
`;

const SOURCES = new Map([
  [
    "provider.go",
    `${HEADER}
func Provider() *schema.Provider {
	return &schema.Provider{
		Schema: map[string]*schema.Schema{"region": {Type: schema.TypeString, Optional: true,
			DefaultFunc: schema.MultiEnvDefaultFunc([]string{"OS_REGION", "OS_REGION_NAME"}, "")}},
		DataSourcesMap: map[string]*schema.Resource{"openstack_thing_v1": dataSourceThing()},
		ResourcesMap: map[string]*schema.Resource{"openstack_thing_v1": resourceThing(), "openstack_link_v1": resourceLink()},
	}
}
`,
  ],
  [
    "resource_thing.go",
    `${HEADER}
const suffix = "-b"

func resourceThing() *schema.Resource {
	r := &schema.Resource{
		UpdateContext: resourceThingUpdate,
		Timeouts: &schema.ResourceTimeout{Create: schema.DefaultTimeout(10 * time.Minute)},
		Schema: map[string]*schema.Schema{
			"size": {Type: schema.TypeInt, Required: true, ForceNew: true, RequiredWith: []string{"kind"},
				ValidateFunc: validation.All(validation.IntBetween(1, 10), validation.IntInSlice([]int{2, 4}))},
			"kind": {Type: schema.TypeString, Optional: true, Default: string(images.ImageVisibilityPrivate),
				ValidateFunc: validation.StringInSlice([]string{"a" + suffix, string(images.ImageVisibilityPublic)}, true)},
			"name": {Type: schema.TypeString, Optional: true, DefaultFunc: schema.EnvDefaultFunc("OS_THING", "x"),
				ValidateFunc: validation.StringMatch(regexp.MustCompile("^[a-z]+$"), "lower case only")},
			"image": {Type: schema.TypeString, Optional: true},
			"flag": {Type: schema.TypeBool, Optional: true, Default: false},
			"tags": {Type: schema.TypeSet, Optional: true, Elem: &schema.Schema{Type: schema.TypeString,
				ValidateFunc: validation.StringLenBetween(1, 5)}},
			"data": {Type: schema.TypeString, Optional: true, StateFunc: func(v any) string {
				sum := sha1.Sum([]byte(v.(string)))
				return hex.EncodeToString(sum[:])
			}},
			"mode": {Type: schema.TypeString, Optional: true, ValidateFunc: thingMode, DiffSuppressFunc: func(_, o, n string, _ *schema.ResourceData) bool {
				return o == "auto" && n == ""
			}},
			"odd": {Type: schema.TypeString, Optional: true, StateFunc: func(v any) string { return v.(string) + "!" }},
			"port": {Type: schema.TypeList, Optional: true, MaxItems: 1, Elem: &schema.Resource{Schema: map[string]*schema.Schema{
				"number": {Type: schema.TypeInt, Required: true, ForceNew: true},
			}}},
			"acl": {Type: schema.TypeList, Computed: true},
		},
		CustomizeDiff: customdiff.All(
			customdiff.ForceNewIfChange("image", func(_ context.Context, old, _, _ any) bool { return old.(string) == "" }),
			func(_ context.Context, d *schema.ResourceDiff, _ any) error {
				mode := d.Get("mode").(string)
				if mode == "off" && d.Get("size").(int) > 4 {
					return errors.New("size must be at most 4 when mode is off")
				}
				return nil
			},
			somethingElse,
		),
	}
	inner := &schema.Resource{Schema: make(map[string]*schema.Schema)}
	for _, op := range aclOps() {
		inner.Schema[op] = aclSchema()
	}
	r.Schema["acl"].Elem = inner
	return r
}

func thingMode(v any, k string) ([]string, []error) {
	switch Mode(v.(string)) {
	case "auto", "manual":
		return nil, nil
	}
	return nil, []error{fmt.Errorf("bad %q for %s", v, k)}
}

func resourceThingUpdate(ctx context.Context, d *schema.ResourceData, meta any) diag.Diagnostics {
	if d.HasChange("name") {
		rename(d)
	}
	if d.HasChanges("image", "data") {
		reimage(ctx, d)
	}
	return nil
}

func reimage(ctx context.Context, d *schema.ResourceData) {
	_, _ = servers.Rebuild(ctx, nil, d.Id(), nil).Extract()
}
`,
  ],
  [
    "shared.go",
    `${HEADER}
func aclOps() [2]string { return [2]string{"read", "write"} }

func aclSchema() *schema.Schema {
	return &schema.Schema{Type: schema.TypeList, Optional: true, Computed: true, MaxItems: 1, Elem: &schema.Resource{
		Schema: map[string]*schema.Schema{"users": {Type: schema.TypeSet, Optional: true, Elem: &schema.Schema{Type: schema.TypeString}}},
	}}
}

func resourceLink() *schema.Resource {
	return &schema.Resource{
		CreateContext: resourceLinkCreate,
		Schema: map[string]*schema.Schema{
			"target": {Type: schema.TypeString, Required: true, ForceNew: true, Sensitive: true},
			"note": {Type: schema.TypeMap, Optional: true, ForceNew: true},
		},
	}
}

func dataSourceThing() *schema.Resource {
	return &schema.Resource{
		DeprecationMessage: "use another",
		Schema: map[string]*schema.Schema{"visibility": {Type: schema.TypeString, Optional: true,
			ValidateFunc: validation.StringInSlice([]string{string(images.ImageVisibilityShared), string(images.NotAConstant)}, false)}},
	}
}
`,
  ],
]);

describe("generateProviderRulesFrom (a synthetic provider)", () => {
  const rules = generateProviderRulesFrom(createGoPackage("synthetic", SOURCES), "0.0.1");
  const thing = rules.resources.openstack_thing_v1;
  const a = thing.attributes;

  it("maps the provider's type names to their constructors", () => {
    expect(Object.keys(rules.resources).sort()).toEqual(["openstack_link_v1", "openstack_thing_v1"]);
    expect(Object.keys(rules.dataSources)).toEqual(["openstack_thing_v1"]);
    expect(thing.file).toBe("openstack/resource_thing.go");
  });

  it("reads the provider block's arguments and their environment defaults", () => {
    expect(rules.providerConfig).toEqual({
      region: {
        type: "string",
        optional: true,
        envDefault: { variables: ["OS_REGION", "OS_REGION_NAME"], fallback: "" },
      },
    });
  });

  it("reads flags, defaults (false included), env defaults, path lists and nested ForceNew", () => {
    expect(a.size).toEqual(
      expect.objectContaining({ type: "int", required: true, forceNew: true, requiredWith: ["kind"] }),
    );
    expect(a.kind.default).toBe("private");
    expect(a.flag.default).toBe(false);
    expect(a.name.envDefault).toEqual({ variables: ["OS_THING"], fallback: "x" });
    expect(a.port).toMatchObject({
      type: "list",
      maxItems: 1,
      block: { number: { type: "int", required: true, forceNew: true } },
    });
    expect(rules.resources.openstack_link_v1.attributes.note).toMatchObject({
      type: "map",
      elem: "string",
      forceNew: true,
    });
  });

  it("parses validation.* arguments: nested All, regexes, constants folded, gophercloud constants resolved", () => {
    expect(a.size.validate).toEqual([
      {
        fn: "All",
        args: [
          { fn: "IntBetween", args: [1, 10] },
          { fn: "IntInSlice", args: [[2, 4]] },
        ],
      },
    ]);
    expect(a.kind.validate).toEqual([{ fn: "StringInSlice", args: [["a-b", "public"], true] }]);
    expect(a.name.validate).toEqual([{ fn: "StringMatch", args: ["^[a-z]+$", "lower case only"] }]);
    expect(a.tags).toMatchObject({ elem: "string", elemValidate: [{ fn: "StringLenBetween", args: [1, 5] }] });
    expect(a.mode.validate).toEqual([
      {
        fn: "thingMode",
        provider: true,
        known: "string-in-slice",
        args: [["auto", "manual"], false],
        message: "bad %q for %s",
        messageArgs: ["value", "key"],
      },
    ]);
  });

  it("recognises StateFunc / DiffSuppressFunc shapes and notes the others", () => {
    expect(a.data.stateFunc).toEqual({ fn: "func literal", known: "sha1-hex" });
    expect(a.mode.diffSuppress).toEqual({ fn: "func literal", known: "suppress-old-new", args: ["auto", ""] });
    expect(a.odd.stateFunc).toEqual({ fn: "func literal" });
    expect(rules.unmodelled["openstack_thing_v1.odd"]).toMatch(/StateFunc .* not recognised/);
  });

  it("interprets schemas built by assignment: make(map), a range loop over a helper's list, Elem set afterwards", () => {
    expect(Object.keys(a.acl.block!)).toEqual(["read", "write"]);
    expect(a.acl.block!.write).toMatchObject({
      type: "list",
      maxItems: 1,
      block: { users: { type: "set", elem: "string" } },
    });
  });

  it("adds the SDK's id and timeouts; update false without Update; the deprecation message", () => {
    expect(a.id).toEqual({ type: "string", optional: true, computed: true, sdk: "id" });
    expect(a.timeouts).toEqual({
      type: "list",
      optional: true,
      maxItems: 1,
      block: { create: { type: "string", optional: true } },
      sdk: "timeouts",
    });
    expect(thing.update).toBe(true);
    expect(rules.resources.openstack_link_v1.update).toBe(false);
    expect(rules.dataSources.openstack_thing_v1.update).toBeUndefined();
    expect(rules.dataSources.openstack_thing_v1.deprecated).toBe("use another");
  });

  it("reads CustomizeDiff cases and notes the unrecognised one", () => {
    expect(thing.customizeDiff).toEqual([
      { kind: "force-new-if-change", attribute: "image", condition: "old-empty" },
      {
        kind: "error",
        condition: 'mode == "off" && d.Get("size").(int) > 4',
        message: "size must be at most 4 when mode is off",
      },
    ]);
    expect(rules.unmodelled["openstack_thing_v1.CustomizeDiff"]).toMatch(/somethingElse not recognised/);
  });

  it("finds destructive calls in Update and the helpers it calls, with the guarding HasChange attributes", () => {
    expect(thing.destructiveUpdates).toEqual([
      {
        attributes: ["image", "data"],
        call: "servers.Rebuild",
        effect: "rebuilds the server from the new image, wiping its root disk",
      },
    ]);
  });

  it("lists a gophercloud constant missing from the constants table, and the validator it breaks", () => {
    expect(
      rules.unmodelled["(gophercloud).github.com/gophercloud/gophercloud/v2/openstack/image/v2/images.NotAConstant"],
    ).toBeDefined();
    expect(rules.unmodelled["data.openstack_thing_v1.visibility"]).toMatch(/not a literal/);
    expect(rules.dataSources.openstack_thing_v1.attributes.visibility.validate).toBeUndefined();
  });

  it("serializes deterministically: sorted keys, two-space indent, final newline", () => {
    const text = serializeProviderRules(rules);
    expect(text).toBe(
      serializeProviderRules(generateProviderRulesFrom(createGoPackage("synthetic", SOURCES), "0.0.1")),
    );
    expect(text.endsWith("}\n")).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual([
      "dataSources",
      "provider",
      "providerConfig",
      "resources",
      "unmodelled",
      "version",
    ]);
    expect(Object.keys(JSON.parse(text).resources.openstack_thing_v1.attributes.size)).toEqual(
      [...Object.keys(a.size)].sort(),
    );
  });
});

const source = process.env.PROVIDER_SOURCE_DIR ?? DEFAULT_PROVIDER_SOURCE;
const present = existsSync(`${source}/openstack/provider.go`);
const title = present
  ? `regenerated from the reference source (${source}), equals the committed table`
  : `SKIPPED: the reference source ${source} is absent (regeneration not checked)`;

describe("the committed table", () => {
  it.skipIf(!present)(title, () => {
    const text = serializeProviderRules(generateProviderRules({ sourceDir: source, version: PROVIDER_RULES_VERSION }));
    // MUST stay byte-identical: run `npm run gen:rules` after changing the generator.
    expect(text === readFileSync(RULES_OUTPUT, "utf8")).toBe(true);
  });
});
