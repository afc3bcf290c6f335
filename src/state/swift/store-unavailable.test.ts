import { describe, expect, it } from "vitest";
import type { CloudAuth } from "../../cloud/clouds-yaml.js";
import { StoreUnavailableError } from "../store-errors.js";
import type { HttpClient, HttpResponse } from "./http-client.js";
import { createKeystoneSession } from "./keystone-session.js";
import { createSwiftClient, SwiftError } from "./swift-client.js";
import { createRawSwiftStore } from "./swift-store.js";

/**
 * Issue 12 item 3, the store's side: Swift (or Keystone) unreachable after the retries, or answering
 * 5xx, is a typed StoreUnavailableError, which the broker answers as 503 + Retry-After (never "no such
 * object"); a refusal (403...) stays a SwiftError.
 */
const auth: CloudAuth = {
  type: "password",
  authUrl: "http://ks/v3/",
  username: "u",
  password: "pw-secret",
  projectName: "p",
  userDomainName: "Default",
  projectDomainName: "Default",
};
const catalog = [{ type: "object-store", endpoints: [{ interface: "public", url: "http://swift/v1/AUTH_p1" }] }];
const answer = (status: number, body: unknown = {}, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: Buffer.from(JSON.stringify(body)),
});
const refused = () => Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
const quick = { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 };

/** Keystone answers (or is refused when `keystoneDown`); Swift answers `swift()` to every request. */
function storeOver(swift: () => number | Error, keystoneDown = false) {
  const http: HttpClient = async (request) => {
    if (request.url.endsWith("/auth/tokens")) {
      if (keystoneDown) throw refused();
      const token = { expires_at: new Date(Date.now() + 3600_000).toISOString(), project: { id: "p1" }, catalog };
      return answer(201, { token }, { "x-subject-token": "tok" });
    }
    const next = swift();
    if (next instanceof Error) throw next;
    return answer(next);
  };
  const session = createKeystoneSession({ auth, http, retry: quick });
  return createRawSwiftStore({ client: createSwiftClient({ session, http, retry: quick }), container: "c" });
}

describe("an unreachable Swift store", () => {
  it("connection refused after the retries: StoreUnavailableError", async () => {
    const error = await storeOver(refused)
      .get("instances/i1/record.json")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(String(error)).toContain("Swift unreachable after 3 attempt(s)");
  });

  it("503 after the retries, on reads and writes: StoreUnavailableError with the status", async () => {
    const store = storeOver(() => 503);
    for (const call of [() => store.get("k"), () => store.put("k", new Uint8Array([1])), () => store.list("")]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as StoreUnavailableError).status).toBe(503);
    }
  });

  it("Keystone unreachable: StoreUnavailableError; a 403 from Swift stays a SwiftError", async () => {
    expect(
      await storeOver(() => 200, true)
        .get("k")
        .catch((e: unknown) => e),
    ).toBeInstanceOf(StoreUnavailableError);
    const forbidden = await storeOver(() => 403)
      .get("k")
      .catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(SwiftError);
    expect(forbidden).not.toBeInstanceOf(StoreUnavailableError);
  });
});
