import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { BrokerConfig } from "../../config/broker-config.js";
import type { ServiceBroker } from "../../domain/service-broker.js";
import { createRuntime } from "../../runtime/create-runtime.js";

/** A broker an operator command runs operations with, beside (or without) a serving broker. */
export interface OperatorBroker {
  readonly broker: ServiceBroker;
  close(): Promise<void>;
}

/**
 * The broker side of a runtime for a CLI command that changes the cloud (`bindings cleanup-expired
 * --apply`): its own temporary work directory (MUST NOT empty a serving broker's WORK_DIR), its own
 * lease owner (`<BROKER_ID>-cli-<pid>`, so a serving broker never mistakes its operations for its
 * own), terraform's state backend on 127.0.0.1. It resumes nothing.
 */
export async function startOperatorBroker(
  config: BrokerConfig,
  env: Readonly<Record<string, string | undefined>>,
): Promise<OperatorBroker> {
  const workDir = await mkdtemp(join(tmpdir(), "openstack-broker-cli-"));
  const runtime = createRuntime(
    { ...config, workDir, brokerId: `${config.brokerId}-cli-${process.pid}`, logLevel: "silent" },
    { env },
  );
  const close = async () => {
    await runtime.close();
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    const terraform = await runtime.terraform();
    const server = serve({ fetch: terraform.stateBackend.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((resolve, reject) =>
      server.listening ? resolve() : server.once("listening", resolve).once("error", reject),
    );
    terraform.setStateBackendUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const side = await runtime.brokerSide();
    return {
      broker: side.broker,
      async close() {
        await close();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
