import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import protobuf from "protobufjs";

/** The gRPC services a terraform provider process serves. */
export interface ProviderServiceDefinitions {
  readonly provider: ServiceDefinition;
  readonly broker: ServiceDefinition;
  readonly controller: ServiceDefinition;
  readonly stdio: ServiceDefinition;
  readonly health: ServiceDefinition;
}

/** The proto files, in load order. */
export const PROTO_FILES = ["tfplugin6.8.proto", "go-plugin.proto", "health.proto"] as const;
/** A precompiled descriptor (protobufjs JSON) a bundle ships instead of the .proto texts. */
export const DESCRIPTOR_FILE = "descriptor.json";

const TO_OBJECT: protobuf.IConversionOptions = {
  longs: Number,
  enums: String,
  bytes: Buffer,
  defaults: false,
  oneofs: true,
};

/** Parses the .proto files (field names kept as written, like proto-loader's keepCase). */
export function parseProtos(protoDir: string): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) =>
    target.startsWith("google/protobuf/") ? target : join(protoDir, target.split("/").pop()!);
  root.loadSync([...PROTO_FILES], { keepCase: true });
  root.resolveAll();
  return root;
}

function serviceDefinition(root: protobuf.Root, name: string): ServiceDefinition {
  const service = root.lookupService(name);
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const method of Object.values(service.methods)) {
    method.resolve();
    const request = method.resolvedRequestType!;
    const response = method.resolvedResponseType!;
    definition[method.name] = {
      path: `/${name}/${method.name}`,
      requestStream: Boolean(method.requestStream),
      responseStream: Boolean(method.responseStream),
      requestSerialize: (value) => Buffer.from(request.encode(request.fromObject(value as object)).finish()),
      requestDeserialize: (bytes) => request.toObject(request.decode(bytes), TO_OBJECT),
      responseSerialize: (value) => Buffer.from(response.encode(response.fromObject(value as object)).finish()),
      responseDeserialize: (bytes) => response.toObject(response.decode(bytes), TO_OBJECT),
      originalName: method.name,
    } as MethodDefinition<unknown, unknown>;
  }
  return definition as ServiceDefinition;
}

const cache = new Map<string, ProviderServiceDefinitions>();

/**
 * Service definitions for grpc-js, from `protoDir`'s descriptor.json when present (a bundle: no
 * parsing at start-up) or else from the .proto files. Cached per folder.
 */
export function loadServiceDefinitions(protoDir: string): ProviderServiceDefinitions {
  const hit = cache.get(protoDir);
  if (hit) return hit;
  const descriptor = join(protoDir, DESCRIPTOR_FILE);
  // From a descriptor, types are resolved lazily (on first use) rather than all at start-up.
  const root: protobuf.Root = existsSync(descriptor)
    ? (new protobuf.Root().addJSON(
        (JSON.parse(readFileSync(descriptor, "utf8")) as protobuf.INamespace).nested ?? {},
      ) as protobuf.Root)
    : parseProtos(protoDir);
  const loaded: ProviderServiceDefinitions = {
    provider: serviceDefinition(root, "tfplugin6.Provider"),
    broker: serviceDefinition(root, "plugin.GRPCBroker"),
    controller: serviceDefinition(root, "plugin.GRPCController"),
    stdio: serviceDefinition(root, "plugin.GRPCStdio"),
    health: serviceDefinition(root, "grpc.health.v1.Health"),
  };
  cache.set(protoDir, loaded);
  return loaded;
}
