import http from "node:http";
import https from "node:https";
import { readFileSync } from "node:fs";

/** One HTTP exchange: whole bodies in and out (state objects are small). */
export interface HttpRequest {
  readonly method: "GET" | "HEAD" | "PUT" | "POST" | "DELETE";
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

/** Sends one request; rejects on connection errors and timeouts (never on an HTTP status). */
export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

export interface HttpClientOptions {
  /** Verify TLS certificates (clouds.yaml `verify`); default true. */
  readonly verify?: boolean;
  /** A CA bundle file (clouds.yaml `cacert`). */
  readonly cacert?: string;
  /** Per-request timeout in ms; default 30 s. */
  readonly timeoutMs?: number;
}

/**
 * An HTTP client on node:http/https with keep-alive agents (the TLS options apply to https URLs).
 * A timed-out request rejects with an error whose `code` is `ETIMEDOUT`.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const httpsAgent = new https.Agent({
    keepAlive: true,
    maxSockets: 16,
    rejectUnauthorized: options.verify ?? true,
    ...(options.cacert === undefined ? {} : { ca: readFileSync(options.cacert) }),
  });
  return (request) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const url = new URL(request.url);
      const secure = url.protocol === "https:";
      const headers: Record<string, string> = { ...request.headers };
      if (request.body !== undefined) headers["content-length"] = String(request.body.byteLength);
      const req = (secure ? https : http).request(
        url,
        { method: request.method, headers, agent: secure ? httpsAgent : httpAgent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            const out: Record<string, string | undefined> = {};
            for (const [name, value] of Object.entries(res.headers)) {
              out[name] = Array.isArray(value) ? value.join(", ") : value;
            }
            resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
          });
        },
      );
      req.setTimeout(timeoutMs, () => {
        req.destroy(
          Object.assign(new Error(`${request.method} ${url.origin}${url.pathname} timed out after ${timeoutMs} ms`), {
            code: "ETIMEDOUT",
          }),
        );
      });
      req.on("error", reject);
      req.end(
        request.body === undefined
          ? undefined
          : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength),
      );
    });
}
