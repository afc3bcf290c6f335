/** JSON Schema object as written in the catalog (draft-07 or 2020-12; `$schema` optional in YAML). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** A plan as declared in `catalog/*.yaml` (snake_case keys are the OSB ones, passed through). */
export interface PlanDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly free?: boolean;
  readonly bindable?: boolean;
  readonly plan_updateable?: boolean;
  readonly maximum_polling_duration?: number;
  readonly maintenance_info?: { readonly version: string; readonly description?: string };
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** OSB `binding_rotatable`: a bind may carry `predecessor_binding_id` (docs/writing-a-service.md). Default false. */
  readonly binding_rotatable?: boolean;
  /**
   * How long a binding's credential lives (`720h`, `30d`: src/domain/durations.ts); only for stacks
   * whose bindings can expire (`ServiceDefinition.bindingsExpire`). Absent: credentials do not expire
   * unless a request asks (`expires_at`).
   */
  readonly binding_lifetime?: string;
  /**
   * When a platform should rotate an expiring binding: a fraction of its lifetime before it expires
   * (`0.2`: in the last fifth) or a duration before it expires (`168h`). Default 0.2.
   */
  readonly renew_before?: number | string;
  /** Name of the folder in the stacks directory whose `index.ts` default-exports a ServiceDefinition. */
  readonly stack: string;
  /** Parameter values used when a request does not give them. */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** Literal settings handed to the construct as `ctx.plan.settings` (trusted: written by the operator). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** JSON Schemas of request parameters. Absent: the request may carry no parameters. */
  readonly schemas: {
    readonly create?: JsonSchema;
    readonly update?: JsonSchema;
    readonly bind?: JsonSchema;
  };
  /** Instance outputs that become binding credentials (added to the ServiceDefinition's list). */
  readonly credentials: readonly string[];
  /** The clouds.yaml entry every instance of this plan runs on (wins over everything; see docs/clouds.md). */
  readonly cloud?: string;
  /**
   * The clouds.yaml entries an instance may run on: a request chooses with the reserved `cloud`
   * parameter (default: the platform mapping, else the first). Absent: any (mapping, else default).
   */
  readonly clouds?: readonly string[];
  /** Where the plan is declared, for error messages: `catalog/trove.yaml`. */
  readonly source: string;
}

/** A service offering as declared in `catalog/*.yaml`. */
export interface ServiceOffering {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly bindable: boolean;
  readonly instances_retrievable: boolean;
  readonly bindings_retrievable: boolean;
  readonly plan_updateable?: boolean;
  readonly allow_context_updates?: boolean;
  readonly tags?: readonly string[];
  readonly requires?: readonly string[];
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly plans: readonly PlanDefinition[];
  /** The file that declares it, relative to the catalog directory's parent. */
  readonly source: string;
}
