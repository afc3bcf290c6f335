import { StoreUnavailableError } from "../store-errors.js";
import type { CloudAuth } from "../../cloud/clouds-yaml.js";
import type { HttpClient, HttpResponse } from "./http-client.js";
import {
  backoffDelay,
  defaultRetryPolicy,
  isRetryableError,
  isRetryableStatus,
  type RetryPolicy,
  sleep,
} from "./retry.js";

/** A token and the object-store endpoint it opens. */
export interface SwiftAccess {
  readonly token: string;
  /** The Swift account URL, without a trailing slash. */
  readonly storageUrl: string;
  /** Epoch ms after which the token is no longer valid. */
  readonly expiresAt: number;
}

export interface KeystoneSessionOptions {
  readonly auth: CloudAuth;
  readonly http: HttpClient;
  readonly regionName?: string;
  readonly interface?: "public" | "internal" | "admin";
  /** Used instead of the catalog; `%(project_id)s` is replaced by the token's project id. */
  readonly endpointOverride?: string;
  /** Renew this long before `expires_at`; default 60 s. */
  readonly expiryMarginMs?: number;
  readonly retry?: RetryPolicy;
  /** For logs and errors: the cloud's name. */
  readonly cloudName?: string;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** A cached Keystone v3 token with its Swift endpoint; renewed on expiry or when told it was refused. */
export interface KeystoneSession {
  /** A valid token (cached, or obtained now). Concurrent callers share one authentication. */
  access(): Promise<SwiftAccess>;
  /** Forgets `stale` (Swift answered 401 with it) so that the next `access()` authenticates again. */
  invalidate(stale: SwiftAccess): void;
  /** How many times it authenticated (for tests and logs). */
  readonly authCount: number;
}

/** Raised when Keystone refuses the credentials or its answer lacks what Swift needs. */
export class KeystoneAuthError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "KeystoneAuthError";
  }
}

/** Creates a session; it authenticates lazily, on the first `access()`. */
export function createKeystoneSession(options: KeystoneSessionOptions): KeystoneSession {
  const now = options.now ?? Date.now;
  const margin = options.expiryMarginMs ?? 60_000;
  const policy = options.retry ?? defaultRetryPolicy;
  const cloud = options.cloudName === undefined ? "" : ` (cloud ${options.cloudName})`;
  let current: SwiftAccess | undefined;
  let pending: Promise<SwiftAccess> | undefined;
  let authCount = 0;

  async function authenticate(): Promise<SwiftAccess> {
    const url = `${options.auth.authUrl.replace(/\/+$/, "")}/auth/tokens`;
    const body = new TextEncoder().encode(JSON.stringify(authBody(options.auth)));
    let response: HttpResponse | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        response = await options.http({
          method: "POST",
          url,
          body,
          headers: { "content-type": "application/json", accept: "application/json" },
        });
        if (!isRetryableStatus(response.status) || attempt >= policy.attempts) break;
      } catch (error) {
        if (!isRetryableError(error) || attempt >= policy.attempts) {
          const message = `cannot reach Keystone at ${url}${cloud}: ${(error as Error).message}`;
          // Unreachable after the retries, not refused: the store is out, nothing is known about any object.
          throw isRetryableError(error) ? new StoreUnavailableError(message) : new KeystoneAuthError(message);
        }
      }
      await sleep(backoffDelay(policy, attempt));
    }
    if (response.status !== 201 && response.status !== 200) {
      throw new KeystoneAuthError(
        `Keystone refused ${options.auth.type} authentication${cloud}: HTTP ${response.status}`,
        response.status,
      );
    }
    const token = response.headers["x-subject-token"];
    const parsed = JSON.parse(response.body.toString("utf8")) as KeystoneTokenBody;
    if (!token) throw new KeystoneAuthError(`Keystone answered without X-Subject-Token${cloud}`);
    authCount++;
    return {
      token,
      storageUrl: storageUrl(parsed, options, cloud),
      expiresAt: Date.parse(parsed.token.expires_at),
    };
  }

  return {
    get authCount() {
      return authCount;
    },
    access() {
      if (current !== undefined && now() < current.expiresAt - margin) return Promise.resolve(current);
      pending ??= authenticate().then(
        (access) => {
          current = access;
          pending = undefined;
          return access;
        },
        (error: unknown) => {
          pending = undefined;
          throw error;
        },
      );
      return pending;
    },
    invalidate(stale) {
      if (current?.token === stale.token) current = undefined;
    },
  };
}

interface KeystoneTokenBody {
  readonly token: {
    readonly expires_at: string;
    readonly project?: { readonly id: string };
    readonly catalog?: ReadonlyArray<{
      readonly type: string;
      readonly endpoints: ReadonlyArray<{
        readonly interface: string;
        readonly region?: string;
        readonly region_id?: string;
        readonly url: string;
      }>;
    }>;
  };
}

function storageUrl(body: KeystoneTokenBody, options: KeystoneSessionOptions, cloud: string): string {
  const projectId = body.token.project?.id;
  if (options.endpointOverride !== undefined) {
    if (projectId === undefined && options.endpointOverride.includes("%(project_id)s")) {
      throw new KeystoneAuthError(`the token is not project-scoped${cloud}: cannot fill %(project_id)s`);
    }
    return options.endpointOverride.replace("%(project_id)s", projectId ?? "").replace(/\/+$/, "");
  }
  const iface = options.interface ?? "public";
  const region = options.regionName;
  const endpoints = (body.token.catalog ?? []).filter((s) => s.type === "object-store").flatMap((s) => s.endpoints);
  const found = endpoints.find(
    (e) => e.interface === iface && (region === undefined || e.region_id === region || e.region === region),
  );
  if (found === undefined) {
    const where = `interface ${iface}${region === undefined ? "" : `, region ${region}`}`;
    throw new KeystoneAuthError(`no object-store endpoint (${where}) in the service catalog${cloud}`);
  }
  return found.url.replace(/\/+$/, "");
}

function domain(name: string | undefined, id: string | undefined): { domain?: { name?: string; id?: string } } {
  if (id !== undefined) return { domain: { id } };
  if (name !== undefined) return { domain: { name } };
  return {};
}

function scope(a: {
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
}): object {
  if (a.projectId !== undefined) return { scope: { project: { id: a.projectId } } };
  if (a.projectName !== undefined)
    return { scope: { project: { name: a.projectName, ...domain(a.projectDomainName, a.projectDomainId) } } };
  return {};
}

function user(a: { username?: string; userId?: string; userDomainName?: string; userDomainId?: string }): object {
  return a.userId !== undefined ? { id: a.userId } : { name: a.username, ...domain(a.userDomainName, a.userDomainId) };
}

/** The body of POST /v3/auth/tokens for each kind of credential. */
export function authBody(auth: CloudAuth): object {
  switch (auth.type) {
    case "password":
      return {
        auth: {
          identity: { methods: ["password"], password: { user: { ...user(auth), password: auth.password } } },
          ...scope(auth),
        },
      };
    case "v3applicationcredential": {
      const credential =
        auth.applicationCredentialId !== undefined
          ? { id: auth.applicationCredentialId, secret: auth.applicationCredentialSecret }
          : { name: auth.applicationCredentialName, secret: auth.applicationCredentialSecret, user: user(auth) };
      return { auth: { identity: { methods: ["application_credential"], application_credential: credential } } };
    }
    case "token":
      return { auth: { identity: { methods: ["token"], token: { id: auth.token } }, ...scope(auth) } };
  }
}
