import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createFakeBroker } from "../domain/fake-broker.js";
import { basicAuthHeader } from "../../test/helpers/osb-test-client.js";
import { createRecordingLogger, TEST_CREDENTIALS } from "../../test/helpers/http-test-harness.js";
import { apiVersion } from "./api-version.js";
import { basicAuth } from "./basic-auth.js";
import { registerBindingRoutes } from "./binding-routes.js";
import { osbBodyLimit } from "./body-limit.js";
import { registerCatalogRoutes } from "./catalog-routes.js";
import { createOsbApp, osbNotFound } from "./create-osb-app.js";
import { createOsbErrorHandler } from "./error-handler.js";
import { registerInstanceRoutes } from "./instance-routes.js";
import { jsonContentType } from "./json-content-type.js";
import { originatingIdentity } from "./originating-identity.js";
import { requestIdentity } from "./request-identity.js";
import { requestLog } from "./request-log.js";
import type { OsbEnv, OsbLogger } from "./types.js";

/** The OSB app as it was composed before src/http/envelope.ts: seven hono middleware layers. */
function layeredApp(broker: ReturnType<typeof createFakeBroker>, logger: OsbLogger): Hono<OsbEnv> {
  const app = new Hono<OsbEnv>();
  app.onError(createOsbErrorHandler(logger));
  app.notFound(osbNotFound);
  app.use(
    "/v2/*",
    requestIdentity(),
    requestLog(logger),
    osbBodyLimit(1024 * 1024),
    basicAuth({ credentials: TEST_CREDENTIALS, logger }),
    apiVersion(),
    originatingIdentity(),
    jsonContentType(),
  );
  registerCatalogRoutes(app, broker);
  registerInstanceRoutes(app, broker);
  registerBindingRoutes(app, broker);
  app.all("/v2/*", osbNotFound);
  return app;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64");
const good = {
  Authorization: basicAuthHeader(TEST_CREDENTIALS.username, TEST_CREDENTIALS.password),
  "X-Broker-API-Version": "2.17",
};
const headerCases: [string, Record<string, string | undefined>][] = [
  ["valid", good],
  ["with request identity", { ...good, "X-Broker-API-Request-Identity": "req-1" }],
  ["empty request identity", { ...good, "X-Broker-API-Request-Identity": "" }],
  ["no Authorization", { ...good, Authorization: undefined, "X-Broker-API-Request-Identity": "r2" }],
  ["wrong password", { ...good, Authorization: basicAuthHeader(TEST_CREDENTIALS.username, "nope") }],
  [
    "other spelling",
    { ...good, Authorization: `basic  ${Buffer.from("platform:s3cret-broker-password").toString("base64")}` },
  ],
  ["no version", { ...good, "X-Broker-API-Version": undefined }],
  ["old version", { ...good, "X-Broker-API-Version": "2.12", "X-Broker-API-Request-Identity": "r3" }],
  ["version with spaces", { ...good, "X-Broker-API-Version": " 2.14 " }],
  ["odd version", { ...good, "X-Broker-API-Version": "2.017" }],
  ["originating identity", { ...good, "X-Broker-API-Originating-Identity": `cloudfoundry ${b64({ user_id: "u" })}` }],
  [
    "no credentials, bad version and identity",
    { Authorization: "Bearer x", "X-Broker-API-Version": "3.0", "X-Broker-API-Originating-Identity": "x" },
  ],
  ["bad version and identity", { ...good, "X-Broker-API-Version": "1.0", "X-Broker-API-Originating-Identity": "x" }],
  ["bad originating identity", { ...good, "X-Broker-API-Originating-Identity": "cloudfoundry !!!" }],
];
const paths = [
  "/v2/catalog",
  "/v2/service_instances/i1",
  "/v2/service_instances/i1/last_operation?operation=op-1",
  "/v2/service_instances/i1?accepts_incomplete=maybe",
  "/v2/service_instances/i1/service_bindings/b1",
  "/v2/nothing-here",
  "/v2",
];

async function answer(app: Hono<OsbEnv>, path: string, method: string, headers: Record<string, string | undefined>) {
  const sent = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const res = await app.request(path, { method, headers: sent });
  return { status: res.status, headers: [...res.headers.entries()], body: await res.text() };
}

describe("the one-pass envelope answers GET and HEAD as the layered middlewares did", () => {
  for (const method of ["GET", "HEAD"]) {
    it.each(headerCases)(
      `${method}, %s: same status, headers, body and log lines on every path`,
      async (_n, headers) => {
        const [oldLog, newLog] = [createRecordingLogger(), createRecordingLogger()];
        const oldBroker = createFakeBroker();
        const newBroker = createFakeBroker();
        const before = layeredApp(oldBroker, oldLog);
        const after = createOsbApp({ broker: newBroker, credentials: TEST_CREDENTIALS, logger: newLog });
        for (const path of paths) {
          expect(await answer(after, path, method, headers), `${method} ${path}`).toEqual(
            await answer(before, path, method, headers),
          );
        }
        const noMs = (entries: typeof oldLog.entries) => entries.map((e) => ({ ...e, obj: { ...e.obj, ms: 0 } }));
        expect(noMs(newLog.entries)).toEqual(noMs(oldLog.entries));
        expect(newBroker.calls).toEqual(oldBroker.calls);
      },
    );
  }

  it("a check that throws is answered by the error handler, identity echoed and logged, as before", async () => {
    const throwing = (entries: unknown[]): OsbLogger => ({
      ...createRecordingLogger(),
      info: (obj) => void entries.push(obj),
      debug: () => {
        throw new Error("logger broke");
      },
    });
    const [oldLines, newLines]: unknown[][] = [[], []];
    const before = layeredApp(createFakeBroker(), throwing(oldLines));
    const after = createOsbApp({
      broker: createFakeBroker(),
      credentials: TEST_CREDENTIALS,
      logger: throwing(newLines),
    });
    const headers = { ...good, Authorization: "Bearer x", "X-Broker-API-Request-Identity": "r9" };
    const expected = await answer(before, "/v2/catalog", "GET", headers);
    expect(expected.status).toBe(500);
    expect(expected.headers).toContainEqual(["x-broker-api-request-identity", "r9"]);
    expect(await answer(after, "/v2/catalog", "GET", headers)).toEqual(expected);
    const noMs = (lines: unknown[]) => lines.map((l) => ({ ...(l as object), ms: 0 }));
    expect(newLines.length).toBe(1);
    expect(noMs(newLines)).toEqual(noMs(oldLines));
  });
});
