/**
 * The `provider` blocks of a synthesized stack: the broker's default configuration of each provider
 * the service declares (the operator's, e.g. `{ cloud: "prod" }`), plus the aliased configurations
 * the construct itself declared (e.g. `new OpenstackProvider(scope, "tenant", { alias: "tenant", ... })`
 * authenticating as a user the instance created, scoped to the instance's project).
 */

/** Options of {@link mergeProviderBlocks}. */
export interface ProviderBlocksOptions {
  /** The `provider` section cdktf synthesized from the construct (absent: the construct declared none). */
  readonly declared: unknown;
  /** Providers the service definition lists (`ServiceDefinition.providers`). */
  readonly providers: readonly string[];
  /** The operator's configuration by provider name. */
  readonly configured: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The stack's name, for errors. */
  readonly stack: string;
}

/**
 * Returns the stack's `provider` section: per listed provider, the operator's configuration first
 * (MUST: the unaliased block is always the broker's, never the construct's), then the construct's
 * aliased blocks as declared. Throws, naming the stack, when the construct declares an unaliased
 * block, the same alias twice, or a provider the definition does not list.
 */
export function mergeProviderBlocks(options: ProviderBlocksOptions): Record<string, unknown[]> {
  const declared = (options.declared ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown[]> = {};
  for (const [name, blocks] of Object.entries(declared)) {
    if (!options.providers.includes(name))
      throw new Error(
        `stack ${options.stack} declares provider "${name}" but its service definition's providers do not list it`,
      );
    const aliases = new Set<string>();
    for (const block of Array.isArray(blocks) ? blocks : [blocks]) {
      const alias = (block as Record<string, unknown> | null)?.alias;
      if (typeof alias !== "string" || alias === "")
        throw new Error(
          `stack ${options.stack} declares an unaliased "${name}" provider: the broker configures that one; give the construct's an alias`,
        );
      if (aliases.has(alias))
        throw new Error(`stack ${options.stack} declares provider "${name}" alias "${alias}" twice`);
      aliases.add(alias);
    }
  }
  for (const name of options.providers) {
    const blocks = declared[name];
    const aliased = blocks === undefined ? [] : Array.isArray(blocks) ? blocks : [blocks];
    out[name] = [{ ...(options.configured[name] ?? {}) }, ...aliased];
  }
  return out;
}
