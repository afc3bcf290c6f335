import type { Hono } from "hono";
import { createOsbApp } from "../../src/http/create-osb-app.js";
import { createFakeBroker, type FakeBroker, type FakeBrokerOptions } from "../../src/domain/fake-broker.js";
import { createOsbTestClient, type OsbTestClient } from "./osb-test-client.js";
import type { OsbEnv, OsbLogger } from "../../src/http/types.js";

/** One recorded log line. */
export interface LogEntry {
  readonly level: "info" | "warn" | "error" | "debug";
  readonly obj: object;
  readonly msg?: string;
}

/** An OsbLogger that keeps every entry in `entries` (for asserting what is and is not logged). */
export function createRecordingLogger(): OsbLogger & { readonly entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry["level"]) => (obj: object, msg?: string) => void entries.push({ level, obj, msg });
  return { entries, info: at("info"), warn: at("warn"), error: at("error"), debug: at("debug") };
}

export const TEST_CREDENTIALS = { username: "platform", password: "s3cret-broker-password" } as const;

export interface TestHarness {
  readonly broker: FakeBroker;
  readonly app: Hono<OsbEnv>;
  readonly client: OsbTestClient;
  readonly logger: ReturnType<typeof createRecordingLogger>;
}

/** An OSB app over a fake broker, with a client that authenticates and sends version 2.17. */
export function createTestHarness(options: FakeBrokerOptions & { apiVersion?: string } = {}): TestHarness {
  const broker = createFakeBroker(options);
  const logger = createRecordingLogger();
  const app = createOsbApp({ broker, credentials: TEST_CREDENTIALS, logger });
  const client = createOsbTestClient({
    request: (path, init) => app.request(path, init),
    credentials: TEST_CREDENTIALS,
    apiVersion: options.apiVersion,
  });
  return { broker, app, client, logger };
}
