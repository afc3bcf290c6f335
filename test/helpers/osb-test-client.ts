/**
 * A small OSB client for tests: sends requests with Basic auth and X-Broker-API-Version already set.
 * Works against `app.request` (unit tests) or real HTTP (`(path, init) => fetch(base + path, init)`).
 */

export interface OsbTestClientOptions {
  /** Sends one request; e.g. `(path, init) => app.request(path, init)`. */
  readonly request: (path: string, init: RequestInit) => Response | Promise<Response>;
  readonly credentials: { readonly username: string; readonly password: string };
  /** X-Broker-API-Version to send. Default "2.17". */
  readonly apiVersion?: string;
}

/** Extra headers; a value of `undefined` removes a default header (e.g. Authorization). */
export type OsbTestHeaders = Record<string, string | undefined>;

export interface OsbTestClient {
  get(path: string, headers?: OsbTestHeaders): Promise<Response>;
  delete(path: string, headers?: OsbTestHeaders): Promise<Response>;
  /** PUT with a JSON body (a string is sent verbatim, for malformed-body tests). */
  put(path: string, body: unknown, headers?: OsbTestHeaders): Promise<Response>;
  patch(path: string, body: unknown, headers?: OsbTestHeaders): Promise<Response>;
  /** Any method; `headers` override the defaults ("" sends one empty, `undefined` omits it). */
  send(method: string, path: string, options?: { body?: unknown; headers?: OsbTestHeaders }): Promise<Response>;
}

/** Basic auth header value for `username:password`. */
export function basicAuthHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}

/** Creates an OsbTestClient; see OsbTestClientOptions. */
export function createOsbTestClient(options: OsbTestClientOptions): OsbTestClient {
  const send: OsbTestClient["send"] = async (method, path, { body, headers } = {}) => {
    const merged: OsbTestHeaders = {
      Authorization: basicAuthHeader(options.credentials.username, options.credentials.password),
      "X-Broker-API-Version": options.apiVersion ?? "2.17",
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...headers,
    };
    const all = Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
    const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    return options.request(path, { method, headers: all, body: payload });
  };
  return {
    send,
    get: (path, headers) => send("GET", path, { headers }),
    delete: (path, headers) => send("DELETE", path, { headers }),
    put: (path, body, headers) => send("PUT", path, { body, headers }),
    patch: (path, body, headers) => send("PATCH", path, { body, headers }),
  };
}
