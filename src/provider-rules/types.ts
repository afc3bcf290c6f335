/**
 * The rules table of terraform-provider-openstack 3.4.0: per resource and data source, per attribute
 * (nested blocks included), what the provider's SDKv2 schema says beyond the schema JSON — ForceNew,
 * Default, the validation functions, ConflictsWith & co., StateFunc — plus facts from its CRUD code
 * (no Update function, arguments whose in-place update destroys data).
 *
 * Generated from the provider's Go source by `npm run gen:rules` into
 * `schema/openstack-provider-rules-3.4.0.json`. Facts only: no provider code is copied.
 * Used by the simulator (validation, planning) and by the broker (the destructive-update guard);
 * this module uses nothing else of the project.
 */

/** The SDKv2 value types (`schema.TypeString` ...). */
export type RuleValueType = "string" | "int" | "float" | "bool" | "list" | "set" | "map";

/**
 * One validation function as the source names it, with its literal arguments parsed:
 * `validation.StringInSlice([]string{"a","b"}, false)` → `{ fn: "StringInSlice", args: [["a","b"], false] }`;
 * `validation.IntBetween(1, 10)` → `{ fn: "IntBetween", args: [1, 10] }`; nested validators
 * (`validation.All(...)`, `validation.Any(...)`) keep their inner validators in `args`;
 * `validation.StringMatch(regexp.MustCompile("^a$"), "msg")` → `{ fn: "StringMatch", args: ["^a$", "msg"] }`.
 * A provider-defined validator (`validateJSONObject`, a local closure) keeps its Go name in `fn` and sets
 * `provider: true`; where its behaviour is a known case the generator says so in `known`.
 */
export interface RuleValidator {
  readonly fn: string;
  readonly args?: readonly RuleArg[];
  /** True for the provider's own validation functions (not `validation.*` from the SDK). */
  readonly provider?: true;
  /**
   * For provider-defined validators: a named, known behaviour the simulator implements (e.g. "json-object").
   * With `args` where the behaviour takes parameters, e.g. `known: "string-in-slice"` has the args of
   * `StringInSlice` (`[values, ignoreCase]`). docs/provider-rules.md lists every known name.
   */
  readonly known?: string;
  /** For provider-defined validators: the provider's error message (a Go format string, `%q` ... verbs kept) where one is identifiable. */
  readonly message?: string;
  /**
   * The format arguments of `message`, in order: `"value"` (the validated value), `"key"` (the attribute
   * name), anything else the Go expression (e.g. `err`, not reproducible).
   */
  readonly messageArgs?: readonly string[];
}

/** A parsed literal argument of a validator. */
export type RuleArg = string | number | boolean | null | readonly RuleArg[] | RuleValidator;

/** What the provider does to a value before it is stored (StateFunc) or compared (DiffSuppressFunc). */
export interface RuleFunction {
  /** The Go name of the function (or `func literal` for an inline function). */
  readonly fn: string;
  /**
   * A named, known behaviour where the generator recognises one, e.g. `sha1-hex` (user_data is stored as
   * the hex SHA-1 of the value), `json-normalize`, `lower-case`, `ignore-case`, `time-equal`.
   * Absent: not recognised (listed in the table's `unmodelled`).
   */
  readonly known?: string;
  /** Parameters of the known behaviour, e.g. `known: "suppress-old-new", args: ["NONE", ""]`. */
  readonly args?: readonly RuleArg[];
}

/** One attribute (argument or computed value) of a resource, a data source or a nested block. */
export interface AttributeRules {
  readonly type: RuleValueType;
  readonly required?: true;
  readonly optional?: true;
  readonly computed?: true;
  readonly forceNew?: true;
  readonly sensitive?: true;
  /** `Default:` as a literal. */
  readonly default?: string | number | boolean;
  /** Environment variables of `schema.EnvDefaultFunc` / `MultiEnvDefaultFunc`, in order; with the fallback. */
  readonly envDefault?: { readonly variables: readonly string[]; readonly fallback?: string | number | boolean | null };
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Attribute paths as the source writes them (`"network.0.uuid"`, `"size"`). */
  readonly conflictsWith?: readonly string[];
  readonly exactlyOneOf?: readonly string[];
  readonly atLeastOneOf?: readonly string[];
  readonly requiredWith?: readonly string[];
  /** `ValidateFunc` / `ValidateDiagFunc`. For list/set/map of primitives a validator on `Elem` is in `elemValidate`. */
  readonly validate?: readonly RuleValidator[];
  readonly elemValidate?: readonly RuleValidator[];
  readonly stateFunc?: RuleFunction;
  readonly diffSuppress?: RuleFunction;
  /** `Deprecated:` message. */
  readonly deprecated?: string;
  /** Element type of a list/set/map of primitives (`Elem: &schema.Schema{Type: ...}`; a map without `Elem`: "string", the SDK's default). */
  readonly elem?: Exclude<RuleValueType, "list" | "set" | "map">;
  /** Nested block (`Elem: &schema.Resource{Schema: ...}`): its attributes. */
  readonly block?: Readonly<Record<string, AttributeRules>>;
  /** `ConfigMode: schema.SchemaConfigModeAttr` (a block written as an attribute). */
  readonly configModeAttr?: true;
  /**
   * Added by the SDK, not declared in the provider's Schema map: `"id"` (the id attribute, optional +
   * computed), `"timeouts"` (the timeouts block: nesting mode single in the schema JSON, here `type: "list"`
   * with `maxItems: 1`; its attributes are the timeouts the resource declares).
   */
  readonly sdk?: "id" | "timeouts";
}

/** A CustomizeDiff case the generator recognises (others are listed in `unmodelled`). */
export type CustomizeDiffRule =
  /** `customdiff.ForceNewIfChange(attribute, ...)` with a known condition, e.g. `old-empty` (old value is ""). */
  | { readonly kind: "force-new-if-change"; readonly attribute: string; readonly condition: string }
  /** An error returned under a condition, with the provider's message (e.g. bgp_peer auth_type/password). */
  | { readonly kind: "error"; readonly condition: string; readonly message: string }
  /** Any other recognised behaviour, described. */
  | { readonly kind: "other"; readonly description: string };

/** An argument whose in-place update destroys data (the resource keeps its id, its contents are lost). */
export interface DestructiveUpdate {
  /** Top-level arguments whose change triggers it (any of them). */
  readonly attributes: readonly string[];
  /** The API call made, e.g. `servers.Rebuild`. */
  readonly call: string;
  /** Why it destroys data, for the 422 message: "rebuilds the server from the new image, wiping its root disk". */
  readonly effect: string;
}

/** The rules of one resource type or data source. */
export interface TypeRules {
  /** The Go file it was read from, relative to the provider's source root (`openstack/resource_...go`). */
  readonly file: string;
  /** Managed resources only: false when the resource has no Update function (every argument forces replacement). */
  readonly update?: boolean;
  /** `DeprecationMessage:` of the type. */
  readonly deprecated?: string;
  readonly attributes: Readonly<Record<string, AttributeRules>>;
  readonly customizeDiff?: readonly CustomizeDiffRule[];
  readonly destructiveUpdates?: readonly DestructiveUpdate[];
}

/** The whole table. */
export interface ProviderRules {
  /** `registry.terraform.io/terraform-provider-openstack/openstack`. */
  readonly provider: string;
  readonly version: string;
  /**
   * The provider block's own arguments (`provider "openstack" { ... }`), with their environment defaults
   * (`auth_url` ← `OS_AUTH_URL` ...): what terraform's provider reads when the configuration leaves them unset.
   */
  readonly providerConfig?: Readonly<Record<string, AttributeRules>>;
  readonly resources: Readonly<Record<string, TypeRules>>;
  readonly dataSources: Readonly<Record<string, TypeRules>>;
  /**
   * What the generator saw but could not turn into a fact (an unrecognised StateFunc, validator or
   * CustomizeDiff), by `<type>.<attribute path>`: listed so docs can say what is not modelled.
   */
  readonly unmodelled: Readonly<Record<string, string>>;
}
