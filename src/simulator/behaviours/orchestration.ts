import { createHash } from "node:crypto";
import { SimulatedApiError } from "../api-errors.js";
import { isObject } from "../block-values.js";
import { PROJECT_ID } from "../generic-fill.js";
import { deterministicUuid } from "../ids.js";
import type { TfObject, TfValue } from "../msgpack-values.js";
import { CLOUD_HOST, serviceUrl } from "../service-catalog.js";
import { unexpectedResponse } from "../service-errors.js";
import { parseHeatDocument, resolveIntrinsics, typedParameters, type HeatTemplate } from "./heat-template.js";
import { validateHeatProperties, ZAQAR_VALID_PATHS } from "./heat-resources.js";
import { setIfUnknown, str, type ApplyContext, type CheckContext, type ResourceBehaviour } from "./types.js";

const TYPE = "openstack_orchestration_stack_v1";
const NOT_PARSED = "Data in neither json nor yaml format.";

/**
 * Whether gophercloud can build this template/environment (orchestration_stack_v1.go `buildTE`
 * reads only the keys `Bin`, `URL`, `Files`): `Bin` must parse as JSON or YAML; `URL` is fetched
 * (not modelled: accepted); neither means fetching `""` relative to the working directory, which
 * yields a directory listing, hence "Data in neither json nor yaml format." (upstream #1833).
 * `environment_opts` unset is an empty map to the SDK, never nil: the provider always builds one.
 */
function buildable(opts: TfValue | undefined): boolean {
  const map = isObject(opts as never) ? (opts as TfObject) : {};
  if (typeof map.Bin === "string") return parseHeatDocument(map.Bin).ok;
  return typeof map.URL === "string" && map.URL !== "";
}

function templateOf(state: TfObject): HeatTemplate {
  const opts = isObject(state.template_opts as never) ? (state.template_opts as TfObject) : {};
  const parsed = typeof opts.Bin === "string" ? parseHeatDocument(opts.Bin) : { ok: false as const };
  return parsed.ok ? (parsed.value as HeatTemplate) : {};
}

const FAULTS = {
  400: {
    title: "Bad Request",
    explanation: "The server could not comply with the request since it is either malformed or otherwise incorrect.",
  },
  409: { title: "Conflict", explanation: "There was a conflict when trying to complete your request." },
} as const;

/** A Heat API error (heat/api/middleware/fault.py body) as the provider wraps it for create or update. */
function heatBadRequest(
  context: CheckContext,
  state: TfObject,
  errorType: string,
  message: string,
  status: 400 | 409 = 400,
): SimulatedApiError {
  const body = { code: status, ...FAULTS[status], error: { message, traceback: null, type: errorType } };
  if (context.operation === "create") {
    return new SimulatedApiError(
      `Error creating ${TYPE}: ${unexpectedResponse({ method: "POST", service: "orchestration", path: "/stacks", expected: [201, 202], status, body })}`,
    );
  }
  const id = String(context.prior?.id);
  const path = `/stacks/${str(context.prior ?? {}, "name") ?? str(state, "name")}/${id}`;
  return new SimulatedApiError(
    `Error updating ${TYPE} ${id}: ${unexpectedResponse({ method: "PUT", service: "orchestration", path, expected: [201, 202], status, body })}`,
  );
}

/** Properties resolved as far as validation can (values from other resources stay unchecked). */
async function staticProperties(
  properties: unknown,
  template: HeatTemplate,
  params: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  if (!isObject(properties as never)) return out;
  for (const [key, value] of Object.entries(properties as Record<string, unknown>)) {
    if (/get_attr|get_resource/.test(JSON.stringify(value))) continue;
    out[key] = await resolveIntrinsics(
      value,
      template,
      params,
      async () => null,
      () => "",
    );
  }
  return out;
}

/** Heat's create/update validation: gophercloud's request building, then the API's StackValidationFailed. */
async function checkStack(state: TfObject, context: CheckContext): Promise<void> {
  if (context.operation !== "create" && context.operation !== "update") return;
  const notParsed =
    context.operation === "create"
      ? `Error creating ${TYPE}: error creating the options map: ${NOT_PARSED}`
      : `Error updating ${TYPE} ${String(context.prior?.id)}: ${NOT_PARSED}`;
  // gophercloud stacks ToStackCreateMap: the template first, then the environment.
  if (!buildable(state.template_opts) || !buildable(state.environment_opts)) throw new SimulatedApiError(notParsed);
  const template = templateOf(state);
  if (
    template.heat_template_version === undefined &&
    !("AWSTemplateFormatVersion" in template) &&
    !("HeatTemplateFormatVersion" in template)
  ) {
    throw heatBadRequest(context, state, "HTTPBadRequest", "Template format version not found.");
  }
  const given = isObject(state.parameters as never) ? (state.parameters as TfObject) : {};
  for (const name of Object.keys(given)) {
    if (!(name in (template.parameters ?? {})))
      throw heatBadRequest(
        context,
        state,
        "UnknownUserParameter",
        `The Parameter (${name}) was not defined in template.`,
      );
  }
  for (const [name, definition] of Object.entries(template.parameters ?? {})) {
    if (given[name] === undefined && definition?.default === undefined)
      throw heatBadRequest(context, state, "UserParameterMissing", `The Parameter (${name}) was not provided.`);
  }
  const params = typedParameters(template, given);
  for (const [name, resource] of Object.entries(template.resources ?? {})) {
    const message = validateHeatProperties(
      name,
      resource?.type ?? "",
      await staticProperties(resource?.properties, template, params),
    );
    if (message) throw heatBadRequest(context, state, "StackValidationFailed", message);
  }
  // A stack name is unique in the project, failed stacks included (heat/common/exception.py StackExists).
  const name = str(state, "name");
  if (context.operation === "create" && (await context.store.list(TYPE)).some((s) => s.state.name === name)) {
    throw heatBadRequest(context, state, "StackExists", `The Stack (${name}) already exists.`, 409);
  }
}

/** Simulated attributes of template resources (Zaqar queues and signed URLs, otherwise generic). */
function attributes(context: ApplyContext) {
  return async (
    type: string,
    resource: string,
    attribute: string,
    property: (name: string) => Promise<unknown>,
  ): Promise<unknown> => {
    if (type === "OS::Zaqar::Queue") {
      const name = String((await property("name")) ?? resource);
      if (attribute === "queue_id") return name;
      if (attribute === "href") return `${serviceUrl("messaging")}/queues/${name}`;
    }
    if (type === "OS::Zaqar::SignedQueueURL") {
      const ttl = Number((await property("ttl")) ?? 86400);
      const queue = String((await property("queue")) ?? "");
      // Zaqar's defaults (zaqar/transport/wsgi/v2_0/urls.py): the messages path only, and GET.
      const paths = (((await property("paths")) as string[] | null) ?? ["messages"]).map(
        (p) => `/v2/queues/${queue}/${p}`,
      );
      const methods = ((await property("methods")) as string[] | null) ?? ["GET"];
      if (attribute === "signature") return createHash("sha256").update(`${context.id}/${resource}`).digest("hex");
      if (attribute === "expires")
        return new Date(Date.parse(context.now) + ttl * 1000).toISOString().replace(/\.\d{3}Z$/, "");
      if (attribute === "project") return PROJECT_ID;
      // queue.py `_resolve_attribute`: paths and methods are JSON-decoded lists.
      if (attribute === "paths") return paths;
      if (attribute === "methods") return methods;
      if (attribute === "query_str") {
        return (
          `signature=${await attributes(context)(type, resource, "signature", property)}&expires=${await attributes(context)(type, resource, "expires", property)}` +
          `&paths=${paths.join(",")}&methods=${methods.join(",")}&project_id=${PROJECT_ID}&queue_name=${queue}`
        );
      }
    }
    if (/ip|address/i.test(attribute)) return context.allocateIp(context.config.defaultFixedCidr);
    if (/(^|_)id$/i.test(attribute)) return deterministicUuid(`${context.id}/${resource}/${attribute}`);
    if (/href|url/i.test(attribute)) return `https://${CLOUD_HOST}/${resource}/${attribute}`;
    if (attribute === "name") return String((await property("name")) ?? resource);
    return `${resource}-${attribute}`;
  };
}

/**
 * A resource Heat cannot create fails the stack create (here: Zaqar's "Invalid paths" for a signed
 * URL; not modelled on update).
 * The provider's wait (resource_openstack_orchestration_stack_v1.go, StateChangeConf) then ends in
 * CREATE_FAILED ("The stack is in error status...") with `disable_rollback`, otherwise in Heat's
 * rollback, an unexpected ROLLBACK_COMPLETE state.
 */
async function failIfUncreatable(
  state: TfObject,
  template: HeatTemplate,
  params: Record<string, unknown>,
  context: ApplyContext,
): Promise<void> {
  for (const resource of Object.values(template.resources ?? {})) {
    if (resource?.type !== "OS::Zaqar::SignedQueueURL") continue;
    const properties = await staticProperties(resource.properties, template, params);
    const paths = Array.isArray(properties.paths) ? properties.paths.map(String) : [];
    if (paths.every((p) => ZAQAR_VALID_PATHS.includes(p))) continue;
    const reason =
      state.disable_rollback === true
        ? "The stack is in error status. Please check with your cloud admin or check the orchestration API logs to see why this error occurred."
        : "unexpected state 'ROLLBACK_COMPLETE', wanted target 'CREATE_COMPLETE, UPDATE_COMPLETE, UPDATE_IN_PROGRESS'. last error: %!s(<nil>)";
    throw new SimulatedApiError(`Error waiting for ${TYPE} ${context.id} to become ready: ${reason}`, true);
  }
}

/**
 * openstack_orchestration_stack_v1 (Heat): validation like gophercloud and Heat, outputs evaluated
 * from the template. Heat returns each output value with its JSON type; the provider copies it into
 * `output_value` (a string) with one `d.Set("outputs", ...)` whose error it ignores, and the SDK's
 * MapFieldWriter.setList then writes no element at all: a single non-string output leaves `outputs`
 * empty on create and unchanged (the prior value) on update (upstream #1612).
 */
export const stack: ResourceBehaviour = {
  computedBlocks: ["outputs"],
  check: checkStack,
  async fill(state, context) {
    const template = templateOf(state);
    const params = typedParameters(template, isObject(state.parameters as never) ? (state.parameters as TfObject) : {});
    if (!context.prior) await failIfUncreatable(state, template, params, context);
    const resolved: { key: string; value: unknown; description: string }[] = [];
    // Heat lists outputs in template order.
    for (const [key, output] of Object.entries(template.outputs ?? {})) {
      const value = await resolveIntrinsics(output?.value, template, params, attributes(context), (name) =>
        deterministicUuid(`${context.id}/${name}`),
      );
      resolved.push({ key, value, description: output?.description ?? "No description given" });
    }
    const wiped = resolved.some((o) => o.value !== null && typeof o.value !== "string");
    const outputs = resolved.map((o) => ({
      output_key: o.key,
      output_value: (o.value as string | null) ?? "",
      description: o.description,
    }));
    setIfUnknown(state, "outputs", wiped ? ((context.prior?.outputs as TfValue) ?? []) : outputs);
    setIfUnknown(state, "status", context.prior ? "UPDATE_COMPLETE" : "CREATE_COMPLETE");
    setIfUnknown(state, "status_reason", `Stack ${context.prior ? "UPDATE" : "CREATE"} completed successfully`);
    setIfUnknown(state, "template_description", template.description ?? "No description");
    setIfUnknown(state, "description", template.description ?? "No description");
    setIfUnknown(state, "disable_rollback", false);
    setIfUnknown(state, "timeout", 0);
    setIfUnknown(state, "creation_time", (context.prior?.creation_time as string | undefined) ?? context.now);
    // Heat reports no updated_time before the first update; the provider formats Go's zero time.
    setIfUnknown(state, "updated_time", context.prior ? context.now : "0001-01-01T00:00:00Z");
  },
};
