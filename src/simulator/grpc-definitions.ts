import { join } from "node:path";
import type { ServiceDefinition } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";

/** The gRPC services a terraform provider process serves. */
export interface ProviderServiceDefinitions {
  readonly provider: ServiceDefinition;
  readonly broker: ServiceDefinition;
  readonly controller: ServiceDefinition;
  readonly stdio: ServiceDefinition;
  readonly health: ServiceDefinition;
}

const cache = new Map<string, ProviderServiceDefinitions>();

/** Loads (once per folder) tfplugin6.8.proto, go-plugin.proto and health.proto from `protoDir`. */
export function loadServiceDefinitions(protoDir: string): ProviderServiceDefinitions {
  const hit = cache.get(protoDir);
  if (hit) return hit;
  const definition = loadSync(
    [join(protoDir, "tfplugin6.8.proto"), join(protoDir, "go-plugin.proto"), join(protoDir, "health.proto")],
    { keepCase: true, longs: Number, enums: String, bytes: Buffer, defaults: false, oneofs: true, includeDirs: [protoDir] },
  );
  const service = (name: string) => {
    const found = definition[name];
    if (!found) throw new Error(`${protoDir}: service ${name} not found`);
    return found as ServiceDefinition;
  };
  const loaded: ProviderServiceDefinitions = {
    provider: service("tfplugin6.Provider"),
    broker: service("plugin.GRPCBroker"),
    controller: service("plugin.GRPCController"),
    stdio: service("plugin.GRPCStdio"),
    health: service("grpc.health.v1.Health"),
  };
  cache.set(protoDir, loaded);
  return loaded;
}
