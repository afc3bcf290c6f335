import { createHash } from "node:crypto";
import type { StateStore } from "../state-store.js";
import type { SwiftClient, SwiftResponse } from "./swift-client.js";
import { SwiftError } from "./swift-client.js";
import { isRetryableStatus, sleep } from "./retry.js";
import { StoreUnavailableError } from "../store-errors.js";

/** Options of {@link createRawSwiftStore}. */
export interface RawSwiftStoreOptions {
  readonly client: SwiftClient;
  readonly container: string;
  /** Prepended to every key (lets several brokers share a container), e.g. `broker-a/`. */
  readonly prefix?: string;
  /** Page size of listings; default 1000 (Swift's maximum is 10000). */
  readonly pageSize?: number;
  /** Shown in `description`, e.g. the cloud name. */
  readonly label?: string;
  /**
   * Upper bound of how long a successful `create` waits before checking that its object survived;
   * default 500 ms. Swift's `If-None-Match: *` is not atomic: concurrent PUTs that all pass the
   * existence check all answer 201, and the one with the newest timestamp survives. A racing PUT
   * passed its check before ours committed and needs about as long as ours to commit, so the wait is
   * twice our own PUT's duration (at least 50 ms, at most this); after it the survivor is final.
   */
  readonly createSettleMs?: number;
}

/** The raw store and its container's life cycle. */
export interface RawSwiftStore extends StateStore {
  /** Creates the container when it does not exist (idempotent). */
  ensureContainer(): Promise<void>;
  /** Deletes every object under the store's prefix, then the container if it is empty (tests, teardown). */
  removeContainer(): Promise<void>;
}

/** Refuses keys with empty, `.` or `..` segments, backslashes, or a leading `/` (the StateStore contract). */
function checkKey(key: string): string {
  if (
    key === "" ||
    key.includes("\\") ||
    key.split("/").some((segment) => segment === "" || segment === "." || segment === "..")
  ) {
    throw new Error(`invalid key: ${JSON.stringify(key.slice(0, 200))}`);
  }
  return key;
}

const encodePath = (name: string) => name.split("/").map(encodeURIComponent).join("/");
const md5 = (body: Uint8Array) => createHash("md5").update(body).digest("hex");

/**
 * A StateStore on one Swift container, bytes as given (no encryption: see `createSwiftStore`).
 * The container is created on first use and again if it disappears. `create` is a PUT with
 * `If-None-Match: *` (412 = exists). Every PUT carries the body's MD5 as ETag, so Swift rejects
 * (422) a body damaged in transit.
 */
export function createRawSwiftStore(options: RawSwiftStoreOptions): RawSwiftStore {
  const { client, container } = options;
  const prefix = options.prefix ?? "";
  const pageSize = options.pageSize ?? 1000;
  const settleMs = options.createSettleMs ?? 500;
  const containerPath = `/${encodeURIComponent(container)}`;
  const objectPath = (key: string) => `${containerPath}/${encodePath(prefix + checkKey(key))}`;
  const fail = (what: string, response: SwiftResponse): never => {
    // 5xx, 408, 429 after the client's retries: Swift cannot serve now, which says nothing about the object.
    if (isRetryableStatus(response.status))
      throw new StoreUnavailableError(
        `Swift ${what} in container ${container}: HTTP ${response.status}`,
        response.status,
      );
    throw new SwiftError(`Swift ${what} in container ${container}: HTTP ${response.status}`, response.status);
  };

  async function ensureContainer(): Promise<void> {
    const head = await client({ method: "HEAD", path: containerPath });
    if (head.status === 204 || head.status === 200) return;
    if (head.status !== 404) fail("HEAD container", head);
    const put = await client({ method: "PUT", path: containerPath });
    if (put.status !== 201 && put.status !== 202) fail("PUT container", put);
  }

  /** A write; when the container is missing (404), creates it and writes again. */
  async function write(key: string, body: Uint8Array, headers: Record<string, string>): Promise<SwiftResponse> {
    const request = {
      method: "PUT" as const,
      path: objectPath(key),
      body,
      headers: { ...headers, etag: md5(body), "content-type": "application/octet-stream" },
    };
    const first = await client(request);
    if (first.status !== 404) return first;
    await ensureContainer();
    return client(request);
  }

  return {
    description: `swift:${options.label === undefined ? "" : `${options.label}/`}${container}${prefix === "" ? "" : `/${prefix}`}`,
    ensureContainer,
    async removeContainer() {
      for (const key of await this.list("")) await this.delete(key);
      const response = await client({ method: "DELETE", path: containerPath });
      if (response.status !== 204 && response.status !== 404 && response.status !== 409)
        fail("DELETE container", response);
    },
    async get(key) {
      const response = await client({ method: "GET", path: objectPath(key) });
      if (response.status === 404) return undefined;
      if (response.status !== 200) fail(`GET ${key}`, response);
      return new Uint8Array(response.body.buffer, response.body.byteOffset, response.body.byteLength);
    },
    async put(key, body) {
      const response = await write(key, body, {});
      if (response.status !== 201) fail(`PUT ${key}`, response);
    },
    async create(key, body) {
      const started = performance.now();
      const response = await write(key, body, { "if-none-match": "*" });
      const took = performance.now() - started;
      if (response.status === 412 && !response.uncertain) return false;
      if (response.status !== 201 && response.status !== 412) fail(`PUT (create) ${key}`, response);
      // 201: ours unless a concurrent create survived it. 412 after a lost answer: an earlier attempt
      // may have written ours. Either way: let racing PUTs settle, then ours iff the same bytes.
      await sleep(Math.min(settleMs, Math.max(50, 2 * took)));
      const head = await client({ method: "HEAD", path: objectPath(key) });
      return head.status === 200 && head.headers.etag?.replace(/"/g, "") === md5(body);
    },
    async delete(key) {
      const response = await client({ method: "DELETE", path: objectPath(key) });
      if (response.status === 204 || response.status === 200) return true;
      if (response.status === 404) return response.uncertain;
      return fail(`DELETE ${key}`, response);
    },
    async list(keyPrefix) {
      const keys: string[] = [];
      let marker = "";
      for (;;) {
        const query: Record<string, string> = { format: "json", prefix: prefix + keyPrefix, limit: String(pageSize) };
        if (marker !== "") query.marker = marker;
        const response = await client({ method: "GET", path: containerPath, query });
        if (response.status === 404) return [];
        if (response.status === 204) break;
        if (response.status !== 200) fail(`GET listing ${keyPrefix}`, response);
        const page = JSON.parse(response.body.toString("utf8")) as Array<{ name: string }>;
        for (const entry of page) keys.push(entry.name.slice(prefix.length));
        if (page.length < pageSize) break;
        marker = page[page.length - 1].name;
      }
      return keys.sort();
    },
  };
}
