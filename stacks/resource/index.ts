import { readFileSync } from "node:fs";
import { Fn, Op, Token } from "cdktf";
import { defineService, type StackContext } from "../../src/synth/service-definition.js";
import { instanceResourceName, isString, requireSetting } from "../_lib/names.js";
import { GenericResource } from "./generic-resource.js";

type Kinds = Record<string, "attribute" | "block">;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isKinds = (value: unknown): value is Kinds =>
  isRecord(value) && Object.values(value).every((k) => k === "attribute" || k === "block");
const isBlockAttributes = (value: unknown): value is Record<string, string[]> =>
  isRecord(value) && Object.values(value).every((l) => Array.isArray(l) && l.every((n) => typeof n === "string"));
const isOutputs = (value: unknown): value is Record<string, boolean> =>
  isRecord(value) && Object.values(value).every((s) => typeof s === "boolean");

// Every resource type this construct may render: the destructive-update guard refuses an update that
// would replace or delete it unless the request sets allow_replace (the resource is the whole service).
const RULES = JSON.parse(
  readFileSync(new URL("../../schema/openstack-provider-rules-3.4.0.json", import.meta.url), "utf8"),
) as { resources: Record<string, unknown> };

/** A nested block as a dynamic block over the parameter (a list of objects; null: no block). */
function dynamicBlock(ctx: StackContext, name: string, attributes: readonly string[]) {
  const value = ctx.param(name);
  const content = Object.fromEntries(attributes.map((a) => [a, `\${lookup(${name}.value, "${a}", null)}`]));
  return [{ for_each: Fn.conditional(Op.eq(value, Token.nullValue()), [], value), content }];
}

/**
 * The generic construct of every generated resource service (src/catalog/resource-services): one
 * resource of the plan's `settings.resource_type`, each offered argument set from the request's
 * parameter of the same name (a variable: null leaves it to the provider), blocks as dynamic blocks.
 * `name`, when the type has one and the request gives none, is `osb-<instance id>`. Outputs: the
 * plan's `settings.outputs` (attribute → sensitive), which the plan's credentials list.
 */
export default defineService({
  providers: ["openstack"],
  statefulResources: Object.keys(RULES.resources),
  instance(scope, ctx) {
    const type = requireSetting(ctx, "resource_type", isString, "a resource type of the OpenStack provider");
    if (!Object.hasOwn(RULES.resources, type))
      throw new Error(`plan ${ctx.plan.serviceName}/${ctx.plan.name}: settings.resource_type: unknown type ${type}`);
    const args = requireSetting(ctx, "arguments", isKinds, 'a map of argument name to "attribute" or "block"');
    const blocks = requireSetting(ctx, "block_attributes", isBlockAttributes, "a map of block name to attribute names");
    const outputs = requireSetting(ctx, "outputs", isOutputs, "a map of attribute name to sensitive (boolean)");
    const attributes: Record<string, unknown> = {};
    const dynamic: Record<string, unknown> = {};
    for (const [name, kind] of Object.entries(args)) {
      if (kind === "block") dynamic[name] = dynamicBlock(ctx, name, blocks[name] ?? []);
      else if (name === "name" && ctx.plan.settings.name_from_instance === true)
        attributes.name = Fn.coalesce([ctx.param("name"), instanceResourceName(ctx)]);
      else attributes[name] = ctx.param(name);
    }
    const resource = new GenericResource(scope, "resource", type, attributes);
    if (Object.keys(dynamic).length > 0) resource.addOverride("dynamic", dynamic);
    for (const [name, sensitive] of Object.entries(outputs))
      ctx.output(name, resource.interpolationForAttribute(name), { sensitive });
  },
});
