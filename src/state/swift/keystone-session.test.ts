import { describe, expect, it } from "vitest";
import type { CloudAuth } from "../../cloud/clouds-yaml.js";
import type { HttpClient, HttpRequest, HttpResponse } from "./http-client.js";
import { authBody, createKeystoneSession } from "./keystone-session.js";
import { createSwiftClient } from "./swift-client.js";

const password: CloudAuth = {
  type: "password",
  authUrl: "http://ks/v3/",
  username: "u",
  password: "pw-secret",
  projectName: "p",
  userDomainName: "Default",
  projectDomainName: "Default",
};
const catalog = [
  { type: "identity", endpoints: [{ interface: "public", region_id: "R1", url: "http://ks/v3" }] },
  {
    type: "object-store",
    endpoints: [
      { interface: "public", region_id: "R1", url: "http://swift-r1/v1/AUTH_p1/" },
      { interface: "internal", region_id: "R1", url: "http://swift-r1-internal/v1/AUTH_p1" },
      { interface: "public", region_id: "R2", url: "http://swift-r2/v1/AUTH_p1" },
    ],
  },
];
const response = (status: number, body: unknown = {}, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: Buffer.from(JSON.stringify(body)),
});

/** A scripted Keystone + Swift: answers from a queue, records every request. */
function fake(swiftAnswers: Array<number | Error> = []) {
  const requests: HttpRequest[] = [];
  let tokens = 0;
  const http: HttpClient = async (request) => {
    requests.push(request);
    if (request.url.endsWith("/auth/tokens")) {
      tokens++;
      return response(
        201,
        { token: { expires_at: new Date(Date.now() + 3600_000).toISOString(), project: { id: "p1" }, catalog } },
        { "x-subject-token": `tok-${tokens}` },
      );
    }
    const next = swiftAnswers.shift() ?? 200;
    if (next instanceof Error) throw next;
    return response(next);
  };
  return { http, requests };
}
const quick = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

describe("Keystone session", () => {
  it("picks the object-store endpoint by interface and region; caches the token", async () => {
    const { http, requests } = fake();
    const session = createKeystoneSession({ auth: password, http, regionName: "R2" });
    expect((await session.access()).storageUrl).toBe("http://swift-r2/v1/AUTH_p1");
    await session.access();
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe("http://ks/v3/auth/tokens");
    const internal = createKeystoneSession({ auth: password, http, interface: "internal" });
    expect((await internal.access()).storageUrl).toBe("http://swift-r1-internal/v1/AUTH_p1");
    const override = createKeystoneSession({
      auth: password,
      http,
      endpointOverride: "http://proxy:9000/v1/AUTH_%(project_id)s/",
    });
    expect((await override.access()).storageUrl).toBe("http://proxy:9000/v1/AUTH_p1");
  });

  it("names the missing endpoint and the cloud; a refusal names the auth type, never the password", async () => {
    const { http } = fake();
    await expect(
      createKeystoneSession({ auth: password, http, regionName: "R9", cloudName: "prod" }).access(),
    ).rejects.toThrow("no object-store endpoint (interface public, region R9) in the service catalog (cloud prod)");
    const refusing: HttpClient = async () =>
      response(401, { error: { message: "The request you have made requires authentication." } });
    const error = await createKeystoneSession({ auth: password, http: refusing, cloudName: "prod" })
      .access()
      .catch((e: Error) => e);
    expect(String(error)).toContain("Keystone refused password authentication (cloud prod): HTTP 401");
    expect(String(error)).not.toContain("pw-secret");
  });

  it("renews a token near its expiry; concurrent callers share one authentication", async () => {
    const { http, requests } = fake();
    let now = Date.now();
    const session = createKeystoneSession({ auth: password, http, now: () => now });
    await Promise.all([session.access(), session.access(), session.access()]);
    expect(requests).toHaveLength(1);
    now += 3600_000 - 30_000; // inside the 60 s margin
    expect((await session.access()).token).toBe("tok-2");
  });

  it("builds the auth body of each credential kind", () => {
    expect(authBody(password)).toEqual({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: "u", domain: { name: "Default" }, password: "pw-secret" } },
        },
        scope: { project: { name: "p", domain: { name: "Default" } } },
      },
    });
    expect(
      authBody({
        type: "v3applicationcredential",
        authUrl: "x",
        applicationCredentialId: "id1",
        applicationCredentialSecret: "s",
      }),
    ).toEqual({
      auth: { identity: { methods: ["application_credential"], application_credential: { id: "id1", secret: "s" } } },
    });
    expect(authBody({ type: "token", authUrl: "x", token: "t", projectId: "p1" })).toEqual({
      auth: { identity: { methods: ["token"], token: { id: "t" } }, scope: { project: { id: "p1" } } },
    });
  });
});

describe("Swift client", () => {
  it("re-authenticates once on 401 and retries 5xx and connection errors with backoff", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const { http, requests } = fake([401, 503, refused, 201]);
    const session = createKeystoneSession({ auth: password, http });
    const retries: string[] = [];
    const client = createSwiftClient({ session, http, retry: quick, onRetry: (i) => retries.push(i.reason) });
    const result = await client({ method: "PUT", path: "/c/o", body: new Uint8Array([1]) });
    expect(result.status).toBe(201);
    expect(result.uncertain).toBe(true);
    expect(retries).toEqual(["HTTP 503", "ECONNREFUSED"]);
    expect(session.authCount).toBe(2);
    const tokens = requests.filter((r) => !r.url.endsWith("/auth/tokens")).map((r) => r.headers?.["x-auth-token"]);
    expect(tokens).toEqual(["tok-1", "tok-2", "tok-2", "tok-2"]);
  });

  it("gives up after the last attempt with the path, never the token", async () => {
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    const { http } = fake([reset, reset, reset, reset]);
    const client = createSwiftClient({ session: createKeystoneSession({ auth: password, http }), http, retry: quick });
    const error = await client({ method: "GET", path: "/c/o" }).catch((e: Error) => e);
    expect(String(error)).toContain("GET /c/o: Swift unreachable after 4 attempt(s)");
    expect(String(error)).not.toContain("tok-");
    const { http: failing } = fake([500, 500, 500, 500]);
    const last = await createSwiftClient({
      session: createKeystoneSession({ auth: password, http: failing }),
      http: failing,
      retry: quick,
    })({ method: "GET", path: "/c/o" });
    expect(last.status).toBe(500);
  });
});
