import type { ServiceDefinition, UntypedServiceImplementation } from "@grpc/grpc-js";
import { readDataSource } from "./data-sources.js";
import { decodeDynamic, encodeDynamic, type DynamicValue, type TfObject } from "./msgpack-values.js";
import { authMethodOf, type ProviderAuth } from "./provider-auth.js";
import { createResourceEngine, SimulatedApiError } from "./resource-engine.js";
import type { ProviderSchema } from "./schema-types.js";
import type { SimulatedCloud } from "./simulated-cloud.js";
import { toProtoDiagnostic, toProtoPath } from "./rules/attribute-path.js";
import { validateWithRules } from "./rules/rule-validation.js";
import type { RuleKind, RulesSource } from "./rules/rules-source.js";
import { createProviderSession, type ProviderSession } from "./provider-session.js";
import { createConnectionInstances } from "./provider-connections.js";
import { passwordScope } from "./keystone-scope.js";

/** What one provider instance (one connection) holds. */
interface ProviderInstance {
  readonly session: ProviderSession;
  readonly engine: ReturnType<typeof createResourceEngine>;
}

/** Options of {@link createProviderService}. */
export interface ProviderServiceOptions {
  readonly cloud: SimulatedCloud;
  /** ConfigureProvider as the real provider does it (provider-auth.ts); absent: any block is accepted, no region. */
  readonly auth?: ProviderAuth;
  /** The provider schema (loaded lazily: GetProviderSchema is served from `schemaResponse`). */
  readonly schema: () => ProviderSchema;
  /** The serialized GetProviderSchema response (cached: terraform asks on every start). */
  readonly schemaResponse: () => Buffer;
  /** Called for errors that are not simulated API errors (bugs). */
  readonly onInternalError?: (error: unknown) => void;
  /** Receives one line per RPC (method, type, duration) when set; see OPENSTACK_SIM_TRACE. */
  readonly trace?: (line: string) => void;
  /** The provider rules table (validation, defaults, replacement); none: only the schema is enforced. */
  readonly rules?: RulesSource;
}

type Request = Record<string, unknown> & { type_name?: string };
type Callback = (error: Error | null, response?: unknown) => void;

function diagnostic(error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  const summary = error instanceof SimulatedApiError ? message : `OpenStack simulator internal error: ${message}`;
  return [{ severity: "ERROR", summary, detail: "" }];
}

/**
 * Lets GetProviderSchema answer with pre-serialized bytes: the service definition's serializer
 * passes Buffers through unchanged.
 */
export function withRawSchemaResponse(definition: ServiceDefinition): ServiceDefinition {
  const method = definition.GetProviderSchema;
  return {
    ...definition,
    GetProviderSchema: {
      ...method,
      responseSerialize: (value: unknown) => (Buffer.isBuffer(value) ? value : method.responseSerialize(value)),
    },
  };
}

/** The tfplugin6 Provider service implementation backed by the simulated cloud. */
export function createProviderService(options: ProviderServiceOptions): UntypedServiceImplementation {
  const { cloud, trace } = options;
  const rules = options.rules;
  // ConfigureProvider records what it resolved in the instance's session (see provider-session.ts):
  // one per provider instance, i.e. per connection (provider-connections.ts).
  const instances = createConnectionInstances({
    create: () => {
      const session = createProviderSession();
      const engine = createResourceEngine({
        cloud,
        blockOf: (type) => options.schema().resource_schemas[type]?.block,
        rulesOf: (type) => rules?.typeRules("resource", type),
        session,
      });
      return { session, engine };
    },
  });
  const empty = () => ({ diagnostics: [] });

  /** Wraps an async handler: unexpected errors become diagnostics in `fallback`'s shape. */
  function rpc(
    handler: (request: Request, instance: ProviderInstance) => Promise<unknown> | unknown,
    fallback: (request: Request, error: unknown) => unknown,
  ) {
    return (call: { request: Request; getPath?: () => string }, callback: Callback) => {
      const instance = instances.of(call);
      const started = trace ? performance.now() : 0;
      const done = (response: unknown) => {
        if (trace)
          trace(
            `${call.getPath?.() ?? "?"} ${call.request.type_name ?? ""} ${(performance.now() - started).toFixed(1)} ms`,
          );
        callback(null, response);
      };
      Promise.resolve()
        .then(() => handler(call.request, instance))
        .then(done, (error) => {
          if (!(error instanceof SimulatedApiError)) options.onInternalError?.(error);
          done(fallback(call.request, error));
        });
    };
  }
  const diagnosticsOnly = (_request: Request, error: unknown) => ({ diagnostics: diagnostic(error) });
  const dyn = (request: Request, key: string) => decodeDynamic(request[key] as DynamicValue | undefined);
  /** ValidateResourceConfig / ValidateDataResourceConfig: the SDK's checks from the rules table. */
  const validateConfig = (kind: RuleKind) => (request: Request) => {
    const type = String(request.type_name);
    const typeRules = rules?.typeRules(kind, type);
    const schema =
      kind === "resource" ? options.schema().resource_schemas[type] : options.schema().data_source_schemas[type];
    if (!typeRules || !schema) return { diagnostics: [] };
    const diagnostics = validateWithRules(typeRules.attributes, schema.block, dyn(request, "config"));
    // helper/schema Resource.Validate: a type's DeprecationMessage is a warning without a path.
    const deprecated = (typeRules as typeof typeRules & { readonly deprecated?: string }).deprecated;
    if (deprecated) diagnostics.push({ severity: "warning", summary: "Deprecated Resource", detail: deprecated });
    return { diagnostics: diagnostics.map(toProtoDiagnostic) };
  };
  /** ValidateProviderConfig: the provider block's own rules (3.4.0 has Defaults and environment defaults only). */
  const validateProvider = (request: Request) => {
    const providerRules = rules?.providerRules();
    if (!providerRules) return { diagnostics: [] };
    return {
      diagnostics: validateWithRules(providerRules, options.schema().provider.block, dyn(request, "config")).map(
        toProtoDiagnostic,
      ),
    };
  };

  return {
    GetMetadata: rpc(
      () => ({
        server_capabilities: { plan_destroy: true, get_provider_schema_optional: true },
        resources: Object.keys(options.schema().resource_schemas).map((type_name) => ({ type_name })),
        data_sources: Object.keys(options.schema().data_source_schemas).map((type_name) => ({ type_name })),
        diagnostics: [],
      }),
      diagnosticsOnly,
    ),
    GetProviderSchema: rpc(() => options.schemaResponse(), diagnosticsOnly),
    ValidateProviderConfig: rpc(validateProvider, diagnosticsOnly),
    ValidateResourceConfig: rpc(validateConfig("resource"), diagnosticsOnly),
    ValidateDataResourceConfig: rpc(validateConfig("data"), diagnosticsOnly),
    ValidateEphemeralResourceConfig: rpc(empty, diagnosticsOnly),
    // Resolved like the real provider when launched by terraform (provider-auth.ts); the quick start's empty block passes.
    ConfigureProvider: rpc(async (request, { session }) => {
      const block = dyn(request, "config") as TfObject;
      const diagnostics = (await options.auth?.configure(block)) ?? [];
      // Keystone judges the broker's token by how it was obtained (password or application credential).
      session.authMethod = authMethodOf(options.auth?.configured());
      session.region = options.auth?.configured()?.region;
      // A login as a user this cloud holds is scoped to its project (or refused with Keystone's 401).
      // With `cloud` (the block's or OS_CLOUD) the provider logs in from clouds.yaml, ignoring the block's login.
      const fromCloud = (options.auth?.configured()?.cloud ?? "") !== "";
      session.scope = diagnostics.length === 0 && !fromCloud ? await passwordScope(cloud.store, block) : undefined;
      if (session.scope !== undefined) session.authMethod = "password";
      return { diagnostics };
    }, diagnosticsOnly),
    StopProvider: rpc(
      () => ({}),
      () => ({}),
    ),
    GetFunctions: rpc(() => ({ functions: {}, diagnostics: [] }), diagnosticsOnly),
    UpgradeResourceState: rpc((request, { engine }) => {
      const raw = request.raw_state as { json?: Buffer } | undefined;
      const parsed = raw?.json && raw.json.length > 0 ? JSON.parse(raw.json.toString("utf8")) : null;
      return { upgraded_state: encodeDynamic(engine.upgrade(String(request.type_name), parsed)), diagnostics: [] };
    }, diagnosticsOnly),
    ReadResource: rpc(
      async (request, { engine }) => ({
        new_state: encodeDynamic(await engine.read(String(request.type_name), dyn(request, "current_state"))),
        private: request.private,
        diagnostics: [],
      }),
      (request, error) => ({
        new_state: request.current_state,
        private: request.private,
        diagnostics: diagnostic(error),
      }),
    ),
    PlanResourceChange: rpc((request, { engine }) => {
      const change = engine.plan(
        String(request.type_name),
        dyn(request, "prior_state"),
        dyn(request, "proposed_new_state"),
        dyn(request, "config"),
      );
      return {
        planned_state: encodeDynamic(change.planned),
        requires_replace: change.requiresReplace.map(toProtoPath),
        planned_private: request.prior_private,
        legacy_type_system: true,
        diagnostics: [],
      };
    }, diagnosticsOnly),
    ApplyResourceChange: rpc(
      async (request, { engine }) => ({
        new_state: encodeDynamic(
          await engine.apply(
            String(request.type_name),
            dyn(request, "prior_state"),
            dyn(request, "planned_state"),
            dyn(request, "config"),
          ),
        ),
        private: request.planned_private,
        legacy_type_system: true,
        diagnostics: [],
      }),
      (request, error) => ({
        new_state: request.prior_state,
        legacy_type_system: true,
        diagnostics: diagnostic(error),
      }),
    ),
    ImportResourceState: rpc(async (request, { engine }) => {
      const state = await engine.importState(String(request.type_name), String(request.id));
      return { imported_resources: [{ type_name: request.type_name, state: encodeDynamic(state) }], diagnostics: [] };
    }, diagnosticsOnly),
    MoveResourceState: rpc(() => {
      throw new SimulatedApiError("The OpenStack provider does not support moving resource state between types");
    }, diagnosticsOnly),
    ReadDataSource: rpc(async (request, { session }) => {
      const type = String(request.type_name);
      const block = options.schema().data_source_schemas[type]?.block;
      if (!block) throw new SimulatedApiError(`The OpenStack provider has no data source ${type}`);
      const state = await readDataSource(type, block, dyn(request, "config") as TfObject, cloud, session.region);
      return { state: encodeDynamic(state), diagnostics: [] };
    }, diagnosticsOnly),
    OpenEphemeralResource: rpc(() => {
      throw new SimulatedApiError("The OpenStack provider has no ephemeral resources");
    }, diagnosticsOnly),
    RenewEphemeralResource: rpc(empty, diagnosticsOnly),
    CloseEphemeralResource: rpc(empty, diagnosticsOnly),
    CallFunction: rpc(
      () => ({ error: { text: "The OpenStack provider has no functions" } }),
      () => ({}),
    ),
  };
}
