import type { Construct } from "constructs";

/**
 * What a platform engineer writes to add a service: the default export of `stacks/<name>/index.ts`.
 *
 * The broker synthesizes one terraform stack per service instance (`instance`) and, when the plan
 * is bindable and `binding` is given, one stack per binding. Everything that comes from a request —
 * parameters, ids, instance outputs, broker-generated secrets — reaches the construct as terraform
 * variable tokens, never as literal strings, so a user's `${...}` is never evaluated by terraform.
 *
 * Only `ctx.plan.settings` (written by the platform engineer in the catalog) are literal values
 * that may shape the stack (counts, which resources exist).
 */
export interface ServiceDefinition {
  /** Builds the instance's resources and declares its outputs with `ctx.output()`. */
  readonly instance: (scope: Construct, ctx: InstanceContext) => void;
  /** Builds a binding's resources (a database user, a keypair...) and its credential outputs. */
  readonly binding?: (scope: Construct, ctx: BindingContext) => void;
  /**
   * Instance outputs that become binding credentials as they are (in addition to every output of the
   * binding stack). The catalog plan's `credentials` list adds to this. Default: none.
   */
  readonly credentials?: readonly string[];
  /**
   * Secrets the broker generates (random, 32 url-safe characters) and passes as sensitive variables.
   * A name in `instance` is generated once per instance; in `binding`, once per binding. Read them
   * with `ctx.secret(name)`. Default: none.
   */
  readonly secrets?: { readonly instance?: readonly string[]; readonly binding?: readonly string[] };
  /**
   * Terraform providers the stacks need, beyond terraform's built-ins. The broker configures them
   * (e.g. the OpenStack provider with the instance's cloud). A construct may add aliased blocks of a
   * listed provider (`new OpenstackProvider(scope, id, { alias, ... })`), never the unaliased one
   * (src/synth/provider-blocks.ts). Default: none.
   */
  readonly providers?: readonly "openstack"[];
  /**
   * Resource types (or addresses, `type.name`) whose replacement or deletion loses data, in addition to the OpenStack types that
   * hold data (databases, volumes, shares, containers, servers, ...: `DEFAULT_STATEFUL_TYPES`). An
   * update whose terraform plan would replace or delete one is refused (422) unless the request sets
   * the parameter `allow_replace: true`. Default: none beyond the built-in list.
   */
  readonly statefulResources?: readonly string[];
  /**
   * Binding resource types that live inside an instance resource and die with it (a database user
   * inside its Trove instance: `["openstack_db_user_v1"]`). When an unbind's destroy fails because the
   * provider reports one of them not found (the instance was deleted behind the broker's back), the
   * broker forgets them instead of failing forever. Name only types whose 404 proves they are gone,
   * never credentials that outlive the instance (Keystone application credentials). Default: none.
   */
  readonly bindingGoneWithInstance?: readonly string[];
  /**
   * The binding's credential can expire, at the binding value `expires_at` (`ctx.param("expires_at")`,
   * RFC 3339 UTC with a literal `Z`, or null for never): a Keystone application credential. Only
   * then may a plan set `binding_lifetime`; the broker computes `expires_at` from it at each bind and
   * returns `metadata.expires_at` / `renew_before`. Default: false.
   */
  readonly bindingsExpire?: boolean;
  /**
   * The construct's own version (semver `x.y.z`): bump it when a change of this file should reach
   * existing instances. With the provider and terraform versions it makes each plan's
   * `maintenance_info.version` (src/catalog/maintenance-version.ts); an update carrying the new one
   * re-applies an instance with the current construct. A plan's `maintenance_info` in the catalog pins
   * it instead. Default: 1.0.0.
   */
  readonly version?: string;
  /** What changed in this `version`, for the plan's `maintenance_info.description`. */
  readonly changes?: string;
}

/** Options of an output declared with `ctx.output()`. */
export interface OutputOptions {
  /** Terraform hides the value in its logs; the broker still returns it as a credential. Default: false. */
  readonly sensitive?: boolean;
}

/** What a construct receives, shared by instance and binding stacks. */
export interface StackContext {
  /** The catalog's service and plan; `settings` are the plan's literal, trusted settings. */
  readonly plan: {
    readonly serviceId: string;
    readonly serviceName: string;
    readonly id: string;
    readonly name: string;
    readonly settings: Readonly<Record<string, unknown>>;
  };
  /** The instance id, as a variable token (string). */
  readonly instanceId: string;
  /**
   * A request parameter (plan defaults merged with the request), as a variable token. The variable
   * is typed from the plan's JSON Schema (string, number, bool, or any) and is null when absent.
   * Use `Token.asNumber` / `Token.asAny` for non-string types.
   */
  param(name: string): string;
  /** A broker-generated secret declared in `ServiceDefinition.secrets`, as a sensitive variable. */
  secret(name: string): string;
  /** Declares a terraform output. Instance outputs feed bindings; binding outputs are credentials. */
  output(name: string, value: unknown, options?: OutputOptions): void;
}

/** What an instance stack's construct receives. */
export type InstanceContext = StackContext;

/** What a binding stack's construct receives. */
export interface BindingContext extends StackContext {
  /** The binding id, as a variable token (string). */
  readonly bindingId: string;
  /** An output of the instance stack, as a variable token (type any). */
  instanceOutput(name: string): string;
}

/** Identity helper that gives a service definition its type. */
export function defineService(definition: ServiceDefinition): ServiceDefinition {
  return definition;
}
