import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createStoreFromConfig, reencryptConfiguredStore } from "./create-store-from-config.js";
import { envelopeKeyId } from "./crypto/envelope.js";
import { describeOpenstack, openstackDir } from "../../test/helpers/openstack-test-env.js";
import type { RawSwiftStore } from "./swift/swift-store.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));
const key = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;
const dir = () => mkdtempSync(join(tmpdir(), "store-config-"));

describe("createStoreFromConfig (file)", () => {
  it("defaults to the plaintext file store", async () => {
    const stateDir = dir();
    const { store, keyring } = await createStoreFromConfig({ env: {}, stateDir });
    expect(keyring).toBeUndefined();
    await store.put("a/b", bytes("plain"));
    expect(readFileSync(join(stateDir, "a", "b"), "utf8")).toBe("plain");
  });

  it("encrypts the file store when keys are set; plaintext from before is read only when allowed", async () => {
    const stateDir = dir();
    await (await createStoreFromConfig({ env: {}, stateDir })).store.put("old", bytes("legacy"));
    const env = { STATE_ENCRYPTION_KEYS: key("k1") };
    const { store, raw, keyring } = await createStoreFromConfig({ env, stateDir });
    expect(keyring?.primary.id).toBe("k1");
    await store.put("instances/x/tfstate", bytes("secret-state"));
    const atRest = readFileSync(join(stateDir, "instances", "x", "tfstate"));
    expect(atRest.includes("secret-state")).toBe(false);
    expect(envelopeKeyId(new Uint8Array(atRest))).toBe("k1");
    expect(text(await raw.get("old"))).toBe("legacy");
    await expect(store.get("old")).rejects.toThrow(/not encrypted/);
    const migrating = await createStoreFromConfig({ env: { ...env, STATE_ACCEPT_PLAINTEXT: "true" }, stateDir });
    expect(text(await migrating.store.get("old"))).toBe("legacy");
  });

  it("re-encrypts the configured store with the new primary key", async () => {
    const stateDir = dir();
    const old = key("old");
    await (await createStoreFromConfig({ env: { STATE_ENCRYPTION_KEYS: old }, stateDir })).store.put(
      "instances/x/record.json",
      bytes("rec"),
    );
    const env = { STATE_ENCRYPTION_KEYS: `${key("new")},${old}` };
    expect(await reencryptConfiguredStore({ env, stateDir })).toEqual({
      total: 1,
      reencrypted: 1,
      current: 0,
      skipped: 0,
      failed: [],
    });
    expect(envelopeKeyId(new Uint8Array(readFileSync(join(stateDir, "instances", "x", "record.json"))))).toBe("new");
    await expect(reencryptConfiguredStore({ env: {}, stateDir })).rejects.toThrow(
      /re-encrypt needs STATE_ENCRYPTION_KEYS/,
    );
  });

  it("names the variable on bad configuration, never a key", async () => {
    await expect(createStoreFromConfig({ env: { STATE_STORE: "s3" }, stateDir: dir() })).rejects.toThrow(
      /STATE_STORE must be file or swift/,
    );
    await expect(createStoreFromConfig({ env: { STATE_STORE: "swift" }, stateDir: dir() })).rejects.toThrow(
      /needs STATE_ENCRYPTION_KEYS .* or STATE_PLAINTEXT=true/,
    );
    await expect(
      createStoreFromConfig({ env: { STATE_ENCRYPTION_KEYS: "k1:c2hvcnQ=" }, stateDir: dir() }),
    ).rejects.toThrow(/STATE_ENCRYPTION_KEYS: key k1: must be 32 bytes/);
    const missing = join(dir(), "nope.yaml");
    await expect(
      createStoreFromConfig({
        env: { STATE_STORE: "swift", STATE_PLAINTEXT: "true", OS_CLIENT_CONFIG_FILE: missing },
        stateDir: dir(),
      }),
    ).rejects.toThrow(/nope.yaml: file not found \(named by OS_CLIENT_CONFIG_FILE\)/);
  });
});

const raws: RawSwiftStore[] = [];
afterAll(async () => {
  for (const raw of raws) await raw.removeContainer().catch(() => undefined);
});

describeOpenstack("createStoreFromConfig (swift)", () => {
  it("opens the encrypted Swift store named by STATE_CLOUD and STATE_CONTAINER", async () => {
    const container = `osb-test-${randomUUID().slice(0, 8)}`;
    const env = {
      STATE_STORE: "swift",
      STATE_CLOUD: "demo-appcred",
      STATE_CONTAINER: container,
      STATE_ENCRYPTION_KEYS: `${key("k2")},${key("k1")}`,
      OS_CLIENT_CONFIG_FILE: join(openstackDir, "clouds.yaml"),
    };
    const { store, raw } = await createStoreFromConfig({ env, stateDir: dir() });
    raws.push(raw as RawSwiftStore);
    expect(store.description).toBe(`encrypted(aes-256-gcm, primary key k2):swift:demo-appcred/${container}`);
    await store.put("instances/i/record.json", bytes('{"id":"i"}'));
    expect(envelopeKeyId((await raw.get("instances/i/record.json"))!)).toBe("k2");
    const second = await createStoreFromConfig({ env: { ...env, STATE_CLOUD: "demo" }, stateDir: dir() });
    expect(text(await second.store.get("instances/i/record.json"))).toBe('{"id":"i"}');
  });
});
