/**
 * One provider instance per connection. Terraform starts a provider instance per provider block
 * (the default one and each alias) and configures each; launched, each is its own process; in
 * reattach mode (TF_REATTACH_PROVIDERS) every instance dials the one server, each over its own
 * HTTP/2 connection. So what ConfigureProvider learned MUST be kept per connection, or an aliased
 * block's login would leak into the default block's calls (the last ConfigureProvider winning).
 */

/** The connection a gRPC call came over (its HTTP/2 session), or undefined when it cannot be told. */
export function connectionOf(call: unknown): object | undefined {
  // grpc-js 1.14 keeps it private: ServerUnaryCallImpl.call (ServerInterceptingCall).nextCall
  // (BaseServerInterceptingCall).stream.session. A different layout finds none: one shared instance.
  let current = (call as { call?: unknown } | undefined)?.call as Record<string, unknown> | undefined;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    const session = (current.stream as { session?: unknown } | undefined)?.session;
    if (typeof session === "object" && session !== null) return session;
    current = current.nextCall as Record<string, unknown> | undefined;
  }
  return undefined;
}

/** Options of {@link createConnectionInstances}. */
export interface ConnectionInstancesOptions<T> {
  /** Creates the state of a new provider instance. */
  readonly create: () => T;
}

/** The per-connection provider instances of one server (a shared one when the connection is unknown). */
export interface ConnectionInstances<T> {
  of(call: unknown): T;
}

/** Creates the per-connection instance table (weakly keyed: a closed connection's instance is collected). */
export function createConnectionInstances<T>(options: ConnectionInstancesOptions<T>): ConnectionInstances<T> {
  const byConnection = new WeakMap<object, T>();
  const shared = options.create();
  return {
    of(call) {
      const connection = connectionOf(call);
      if (connection === undefined) return shared;
      let instance = byConnection.get(connection);
      if (instance === undefined) {
        instance = options.create();
        byConnection.set(connection, instance);
      }
      return instance;
    },
  };
}
