import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { Server, ServerCredentials, type ServerDuplexStream, type ServerWritableStream } from "@grpc/grpc-js";
import type { SimulatorAssets } from "./assets.js";
import { loadServiceDefinitions } from "./grpc-definitions.js";
import { createProviderAuth } from "./provider-auth.js";
import type { ClientConfigPlace } from "./gophercloud-clouds.js";
import { createProviderService, withRawSchemaResponse } from "./provider-service.js";
import { loadEnvRequiredArguments, optionalInEnv, relaxSchema } from "./rules/env-required.js";
import { createRulesSource } from "./rules/rules-source.js";
import { buildSchemaResponse } from "./schema-proto.js";
import { loadProviderSchema } from "./schema-types.js";
import type { SimulatedCloud } from "./simulated-cloud.js";

/** TLS material for AutoMTLS (terraform-launched providers). */
export interface ServerTls {
  readonly serverKeyPem: string;
  readonly serverCertPem: string;
  /** PLUGIN_CLIENT_CERT: the only client certificate accepted. */
  readonly clientCertPem: string;
}

/** Options of {@link startProviderServer}. */
export interface ProviderServerOptions {
  readonly cloud: SimulatedCloud;
  readonly assets: SimulatorAssets;
  /** Unix socket path to listen on (removed on close). */
  readonly socketPath: string;
  /** Mutual TLS; plaintext when absent (reattach mode). */
  readonly tls?: ServerTls;
  /** GRPCController.Shutdown was called (answered before this runs). Ignored when absent. */
  readonly onShutdown?: () => void;
  readonly onInternalError?: (error: unknown) => void;
  /** Launched by terraform: the environment, working directory and passwd home it resolves its cloud from (provider-auth.ts). */
  readonly launched?: ClientConfigPlace;
}

/** A listening provider server. */
export interface ProviderServer {
  readonly socketPath: string;
  close(): Promise<void>;
}

const schemaResponses = new Map<string, Buffer>();

/**
 * The serialized GetProviderSchema response for these assets (built once per process and
 * environment). With `env` (the provider process's), a Required argument whose EnvDefaultFunc yields
 * a value there is served as Optional, as the SDK does (rules/env-required.ts); without, as the
 * schema file has it (what a bundle pre-serializes).
 */
export function schemaResponseBytes(assets: SimulatorAssets, env?: NodeJS.ProcessEnv): Buffer {
  const relaxed = env ? optionalInEnv(loadEnvRequiredArguments(assets), env) : [];
  const base = assets.schemaResponseFile ?? assets.schemaFile;
  const key = relaxed.length === 0 ? base : `${base}|${relaxed.map((a) => `${a.kind}/${a.type}.${a.name}`).join(",")}`;
  let bytes = schemaResponses.get(key);
  if (!bytes) {
    if (assets.schemaResponseFile && relaxed.length === 0) bytes = readFileSync(assets.schemaResponseFile);
    else {
      const definition = loadServiceDefinitions(assets.protoDir).provider.GetProviderSchema;
      const schema = relaxSchema(loadProviderSchema(assets.schemaFile), relaxed);
      bytes = definition.responseSerialize(buildSchemaResponse(schema));
    }
    schemaResponses.set(key, bytes);
  }
  return bytes;
}

/** Starts a gRPC server speaking tfplugin6 plus the go-plugin control services on a unix socket. */
export async function startProviderServer(options: ProviderServerOptions): Promise<ProviderServer> {
  const definitions = loadServiceDefinitions(options.assets.protoDir);
  const server = new Server({
    "grpc.max_receive_message_length": 256 * 1024 * 1024,
    "grpc.max_send_message_length": 256 * 1024 * 1024,
  });
  server.addService(
    withRawSchemaResponse(definitions.provider),
    createProviderService({
      cloud: options.cloud,
      auth: createProviderAuth({ cloud: options.cloud, launched: options.launched }),
      schema: () => loadProviderSchema(options.assets.schemaFile),
      schemaResponse: () => schemaResponseBytes(options.assets, process.env),
      onInternalError: options.onInternalError,
      rules: createRulesSource(options.assets),
      trace:
        process.env.OPENSTACK_SIM_TRACE === "1"
          ? (line) => process.stderr.write(`openstack simulator: ${line}\n`)
          : undefined,
    }),
  );
  // go-plugin opens these on connect and keeps them open for the session.
  server.addService(definitions.broker, {
    StartStream(call: ServerDuplexStream<unknown, unknown>) {
      call.on("data", () => undefined);
      call.on("end", () => call.end());
      call.on("error", () => undefined);
    },
  });
  server.addService(definitions.stdio, {
    StreamStdio(call: ServerWritableStream<unknown, unknown>) {
      call.on("error", () => undefined);
    },
  });
  server.addService(definitions.controller, {
    Shutdown(_call: unknown, callback: (error: null, response: object) => void) {
      callback(null, {});
      if (options.onShutdown) setTimeout(options.onShutdown, 5);
    },
  });
  server.addService(definitions.health, {
    Check(_call: unknown, callback: (error: null, response: object) => void) {
      callback(null, { status: "SERVING" });
    },
  });
  const credentials = options.tls
    ? ServerCredentials.createSsl(
        Buffer.from(options.tls.clientCertPem),
        [{ private_key: Buffer.from(options.tls.serverKeyPem), cert_chain: Buffer.from(options.tls.serverCertPem) }],
        true,
      )
    : ServerCredentials.createInsecure();
  await rm(options.socketPath, { force: true });
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix://${options.socketPath}`, credentials, (error) => (error ? reject(error) : resolve())),
  );
  return {
    socketPath: options.socketPath,
    async close() {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      await rm(options.socketPath, { force: true });
    },
  };
}
