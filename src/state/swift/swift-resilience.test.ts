import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { createKeyring } from "../crypto/keyring.js";
import { createSwiftStore, type SwiftStore, type SwiftStoreOptions } from "./create-swift-store.js";
import {
  createPrivateProxy,
  describeOpenstack,
  devCloud,
  type PrivateProxy,
} from "../../../test/helpers/openstack-test-env.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));
const keyring = createKeyring([{ id: "k1", key: new Uint8Array(randomBytes(32)) }]);
const stores: SwiftStore[] = [];
const proxies: PrivateProxy[] = [];

async function open(options: Partial<SwiftStoreOptions> & { container: string }): Promise<SwiftStore> {
  const store = await createSwiftStore({ cloud: devCloud("demo"), encryption: { keyring }, ...options });
  stores.push(store);
  return store;
}

async function privateProxy(): Promise<PrivateProxy> {
  const proxy = await createPrivateProxy();
  proxies.push(proxy);
  await proxy.start();
  return proxy;
}

afterAll(async () => {
  for (const store of stores) await store.raw.removeContainer().catch(() => undefined);
  for (const proxy of proxies) await proxy.dispose();
});

describeOpenstack("Swift store resilience against real Keystone + Swift", () => {
  it("re-authenticates when the cached token reaches its expiry", async () => {
    let skew = 0;
    const store = await open({ container: `osb-test-${randomUUID().slice(0, 8)}`, now: () => Date.now() + skew });
    await store.put("a", bytes("1"));
    expect(store.session.authCount).toBe(1);
    const first = await store.session.access();
    skew = first.expiresAt - Date.now() - 30_000; // inside the 60 s renewal margin
    await store.put("b", bytes("2"));
    expect(store.session.authCount).toBe(2);
    skew = 0; // the fresh token is valid for hours: cached again
    expect(text(await store.get("a"))).toBe("1");
    expect(store.session.authCount).toBe(2);
  });

  it("re-authenticates when Swift answers 401 to a revoked token", async () => {
    const proxy = await privateProxy();
    const base = devCloud("demo");
    const store = await open({
      container: `osb-test-${randomUUID().slice(0, 8)}`,
      cloud: { ...base, objectStoreEndpointOverride: proxy.endpointOverride },
    });
    await store.put("a", bytes("before"));
    const { token } = await store.session.access();
    const revoke = await fetch(`${base.auth.authUrl}/auth/tokens`, {
      method: "DELETE",
      headers: { "x-auth-token": token, "x-subject-token": token },
    });
    expect(revoke.status).toBe(204);
    expect(text(await store.get("a"))).toBe("before");
    expect(store.session.authCount).toBe(2);
    expect((await store.session.access()).token).not.toBe(token);
  });

  it("retries through a Swift proxy stopped and restarted mid-sequence; nothing is lost", async () => {
    const proxy = await privateProxy();
    const base = devCloud("demo");
    const container = `osb-test-${randomUUID().slice(0, 8)}`;
    const retries: string[] = [];
    const store = await open({
      container,
      cloud: { ...base, objectStoreEndpointOverride: proxy.endpointOverride },
      onRetry: (info) => retries.push(`${info.method} ${info.reason}`),
    });
    let restarted: Promise<void> | undefined;
    for (let i = 0; i < 12; i++) {
      if (i === 4) {
        await proxy.stop();
        restarted = new Promise((resolve) => setTimeout(resolve, 1500)).then(() => proxy.start());
      }
      await store.put(`seq/${String(i).padStart(2, "0")}`, bytes(`value-${i}`));
      if (i === 6) expect(await store.create("seq/lock", bytes("mine"))).toBe(true);
    }
    await restarted;
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.some((r) => r.includes("ECONNREFUSED"))).toBe(true);
    const viaCatalog = await open({ container });
    const keys = await viaCatalog.list("seq/");
    expect(keys).toHaveLength(13);
    for (let i = 0; i < 12; i++)
      expect(text(await viaCatalog.get(`seq/${String(i).padStart(2, "0")}`))).toBe(`value-${i}`);
    expect(text(await viaCatalog.get("seq/lock"))).toBe("mine");
  });
});
