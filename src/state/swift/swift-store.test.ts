import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { reencryptAll } from "../crypto/encrypted-store.js";
import { envelopeKeyId } from "../crypto/envelope.js";
import { createKeyring } from "../crypto/keyring.js";
import { createSwiftStore, type SwiftStore } from "./create-swift-store.js";
import { createRawSwiftStore } from "./swift-store.js";
import { createSwiftClient } from "./swift-client.js";
import { createHttpClient } from "./http-client.js";
import { describeOpenstack, devCloud } from "../../../test/helpers/openstack-test-env.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));
const keyring = createKeyring([{ id: "k1", key: new Uint8Array(randomBytes(32)) }]);
const stores: SwiftStore[] = [];
const container = () => `osb-test-${randomUUID().slice(0, 8)}`;

async function open(cloud: string, name: string, ring = keyring): Promise<SwiftStore> {
  const store = await createSwiftStore({ cloud: devCloud(cloud), container: name, encryption: { keyring: ring } });
  stores.push(store);
  return store;
}

/** Reads an object straight from Swift with the store's own token: what is really at rest. */
async function rawObject(store: SwiftStore, name: string, key: string): Promise<Buffer> {
  const access = await store.session.access();
  const response = await fetch(`${access.storageUrl}/${name}/${key}`, { headers: { "x-auth-token": access.token } });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

afterAll(async () => {
  for (const store of stores) await store.raw.removeContainer().catch(() => undefined);
});

describeOpenstack("Swift store against real Keystone + Swift", () => {
  it("creates the container and behaves like a StateStore (password auth)", async () => {
    const name = container();
    const store = await open("demo", name);
    expect(store.description).toBe(`encrypted(aes-256-gcm, primary key k1):swift:demo/${name}`);
    expect(await store.get("instances/a/record.json")).toBeUndefined();
    await store.put("instances/a/record.json", bytes('{"v":1}'));
    await store.put("instances/a/record.json", bytes('{"v":2}'));
    expect(text(await store.get("instances/a/record.json"))).toBe('{"v":2}');
    expect(await store.create("instances/a/tfstate.lock", bytes("me"))).toBe(true);
    expect(await store.create("instances/a/tfstate.lock", bytes("you"))).toBe(false);
    expect(text(await store.get("instances/a/tfstate.lock"))).toBe("me");
    await store.put("instances/b/record.json", bytes("b"));
    await store.put("other/x", bytes("x"));
    expect(await store.list("instances/")).toEqual([
      "instances/a/record.json",
      "instances/a/tfstate.lock",
      "instances/b/record.json",
    ]);
    expect(await store.list("instances/a/")).toEqual(["instances/a/record.json", "instances/a/tfstate.lock"]);
    expect(await store.delete("instances/a/tfstate.lock")).toBe(true);
    expect(await store.delete("instances/a/tfstate.lock")).toBe(false);
    expect(await store.create("instances/a/tfstate.lock", bytes("you"))).toBe(true);
  });

  it("create is exclusive even for concurrent writers (Swift's If-None-Match alone is not)", async () => {
    const store = await open("demo", container());
    for (let round = 0; round < 3; round++) {
      const key = `race/${round}`;
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.create(key, bytes(`writer-${i}`))));
      const winners = results.flatMap((won, i) => (won ? [i] : []));
      expect(winners).toHaveLength(1);
      expect(text(await store.get(key))).toBe(`writer-${winners[0]}`);
    }
  });

  it("keeps only ciphertext in Swift; the raw object names the key id", async () => {
    const name = container();
    const store = await open("demo", name);
    await store.put("instances/a/tfstate", bytes('{"outputs":{"password":"db-pass-123"}}'));
    const atRest = await rawObject(store, name, "instances/a/tfstate");
    expect(atRest.includes("db-pass-123")).toBe(false);
    expect(atRest.subarray(0, 4).toString()).toBe("OSBE");
    expect(envelopeKeyId(atRest)).toBe("k1");
    expect(text(await store.get("instances/a/tfstate"))).toContain("db-pass-123");
  });

  it("authenticates with an application credential and sees the password user's objects", async () => {
    const name = container();
    const byPassword = await open("demo", name);
    await byPassword.put("shared", bytes("from-password"));
    const byAppcred = await open("demo-appcred", name);
    expect(byAppcred.session.authCount).toBe(1);
    expect(text(await byAppcred.get("shared"))).toBe("from-password");
  });

  it("authenticates with a token (auth_type token), scoped to the same project", async () => {
    const name = container();
    const byPassword = await open("demo", name);
    await byPassword.put("t", bytes("from-password"));
    const { token } = await byPassword.session.access();
    const base = devCloud("demo");
    const auth = base.auth as Extract<typeof base.auth, { type: "password" }>;
    const cloud = {
      ...base,
      auth: {
        type: "token" as const,
        authUrl: auth.authUrl,
        token,
        projectName: auth.projectName,
        projectDomainName: auth.projectDomainName,
      },
    };
    const byToken = await createSwiftStore({ cloud, container: name, encryption: { keyring } });
    stores.push(byToken);
    expect(text(await byToken.get("t"))).toBe("from-password");
  });

  it("lists across pages", async () => {
    const name = container();
    const store = await open("demo", name);
    const expected = Array.from({ length: 7 }, (_, i) => `p/${String(i).padStart(2, "0")}`);
    await Promise.all(expected.map((k) => store.put(k, bytes(k))));
    const session = store.session;
    const paged = createRawSwiftStore({
      client: createSwiftClient({ session, http: createHttpClient() }),
      container: name,
      pageSize: 2,
    });
    expect(await paged.list("p/")).toEqual(expected);
  });

  it("refuses to start without a key unless plaintext is explicit; plaintext stays readable", async () => {
    // @ts-expect-error the type requires `encryption`; a config mistake must still be refused at run time
    await expect(createSwiftStore({ cloud: devCloud("demo"), container: container() })).rejects.toThrow(
      /needs an encryption key/,
    );
    const name = container();
    const plain = await createSwiftStore({ cloud: devCloud("demo"), container: name, encryption: { plaintext: true } });
    stores.push(plain);
    await plain.put("a", bytes("visible"));
    expect((await rawObject(plain, name, "a")).toString()).toBe("visible");
  });

  it("reports a wrong password naming the cloud, not the password", async () => {
    const cloud = devCloud("demo");
    const wrong = { ...cloud, auth: { ...cloud.auth, password: "definitely-wrong-pw" } } as typeof cloud;
    const failure = createSwiftStore({ cloud: wrong, container: container(), encryption: { keyring } });
    await expect(failure).rejects.toThrow(/Keystone refused password authentication \(cloud demo\): HTTP 401/);
    await expect(failure).rejects.not.toThrow(/definitely-wrong-pw/);
  });

  it("rotates keys: old-key records are read, then re-encrypted with the new primary", async () => {
    const name = container();
    const oldRing = createKeyring([{ id: "old", key: new Uint8Array(randomBytes(32)) }]);
    const before = await open("demo", name, oldRing);
    await before.put("instances/a/record.json", bytes("record-a"));
    await before.put("instances/a/tfstate", bytes("state-a"));
    const rotated = createKeyring([{ id: "new", key: new Uint8Array(randomBytes(32)) }, oldRing.primary]);
    const after = await open("demo-appcred", name, rotated);
    expect(text(await after.get("instances/a/record.json"))).toBe("record-a");
    await after.put("instances/b/record.json", bytes("record-b"));
    expect(await reencryptAll(after.raw, rotated)).toEqual({
      total: 3,
      reencrypted: 2,
      current: 1,
      skipped: 0,
      failed: [],
    });
    for (const key of ["instances/a/record.json", "instances/a/tfstate", "instances/b/record.json"]) {
      expect(envelopeKeyId(await rawObject(after, name, key))).toBe("new");
    }
    const newOnly = await open("demo", name, createKeyring([rotated.primary]));
    expect(text(await newOnly.get("instances/a/tfstate"))).toBe("state-a");
  });
});
