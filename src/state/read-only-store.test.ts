import { describe, expect, it, vi } from "vitest";
import { createMemoryStore } from "./memory-store.js";
import { createStateBackend } from "../http/state-backend.js";
import { createRunCredentialIssuer } from "../workspace/run-credentials.js";
import { readOnlyStore, ReadOnlyStoreError } from "./read-only-store.js";

describe("readOnlyStore", () => {
  it("reads through and refuses every write, leaving the store untouched", async () => {
    const inner = createMemoryStore();
    await inner.put("instances/a/tfstate", new TextEncoder().encode("{}"));
    const store = readOnlyStore(inner);
    expect(new TextDecoder().decode(await store.get("instances/a/tfstate"))).toBe("{}");
    expect(await store.list("instances/")).toEqual(["instances/a/tfstate"]);
    await expect(store.put("instances/a/tfstate", new Uint8Array())).rejects.toBeInstanceOf(ReadOnlyStoreError);
    await expect(store.create("instances/a/tfstate.lock", new Uint8Array())).rejects.toBeInstanceOf(ReadOnlyStoreError);
    await expect(store.delete("instances/a/tfstate")).rejects.toBeInstanceOf(ReadOnlyStoreError);
    expect([...inner.objects.keys()]).toEqual(["instances/a/tfstate"]);
    expect(store.description).toMatch(/\(read-only\)$/);
  });

  it("terraform's state backend over it serves GET and fails every write", async () => {
    const inner = createMemoryStore();
    await inner.put("instances/a/tfstate", new TextEncoder().encode('{"version":4}'));
    // hono reports the refused writes on console.error (its default error handler).
    const reported = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const credentials = createRunCredentialIssuer();
    const app = createStateBackend({ store: readOnlyStore(inner), credentials });
    const run = credentials.issue({ instanceId: "a" });
    const headers = { authorization: `Basic ${Buffer.from(`${run.username}:${run.password}`).toString("base64")}` };
    expect((await app.request("/tfstate/instances/a", { headers })).status).toBe(200);
    const post = await app.request("/tfstate/instances/a", {
      method: "POST",
      headers,
      body: '{"version":4,"serial":2}',
    });
    expect(post.status).toBeGreaterThanOrEqual(500);
    const lock = await app.request("/tfstate/instances/a", { method: "LOCK", headers, body: '{"ID":"x"}' });
    expect(lock.status).toBeGreaterThanOrEqual(500);
    expect(new TextDecoder().decode(await inner.get("instances/a/tfstate"))).toBe('{"version":4}');
    expect([...inner.objects.keys()]).toEqual(["instances/a/tfstate"]);
    expect(reported.mock.calls.map((call) => String(call[0]))).toEqual([
      expect.stringContaining("read-only"),
      expect.stringContaining("read-only"),
    ]);
    reported.mockRestore();
  });
});
