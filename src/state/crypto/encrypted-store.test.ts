import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../memory-store.js";
import { describeStateStoreContract } from "../../../test/helpers/state-store-contract.js";
import { createEncryptedStore, reencryptAll } from "./encrypted-store.js";
import { DecryptionError, envelopeKeyId } from "./envelope.js";
import { createKeyring, KeyringError, loadKeyring, parseKeyring } from "./keyring.js";

const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : new TextDecoder().decode(bytes));
const bytes = (s: string) => new TextEncoder().encode(s);
const key = (id: string) => ({ id, key: new Uint8Array(randomBytes(32)) });

describe("createEncryptedStore", () => {
  it("stores ciphertext under the primary key id and reads it back", async () => {
    const inner = createMemoryStore();
    const store = createEncryptedStore(inner, createKeyring([key("k1")]));
    await store.put("instances/a/tfstate", bytes('{"password":"hunter2"}'));
    const raw = inner.objects.get("instances/a/tfstate")!;
    expect(Buffer.from(raw).includes("hunter2")).toBe(false);
    expect(envelopeKeyId(raw)).toBe("k1");
    expect(text(await store.get("instances/a/tfstate"))).toBe('{"password":"hunter2"}');
    expect(await store.create("instances/a/tfstate", bytes("x"))).toBe(false);
    expect(await store.create("instances/b/tfstate", bytes("y"))).toBe(true);
    expect(await store.list("instances/")).toEqual(["instances/a/tfstate", "instances/b/tfstate"]);
    expect(await store.get("missing")).toBeUndefined();
    expect(store.description).toContain("primary key k1");
  });

  it("uses a fresh IV per write", async () => {
    const inner = createMemoryStore();
    const store = createEncryptedStore(inner, createKeyring([key("k1")]));
    await store.put("a", bytes("same"));
    const first = Buffer.from(inner.objects.get("a")!);
    await store.put("a", bytes("same"));
    expect(first.equals(Buffer.from(inner.objects.get("a")!))).toBe(false);
  });

  it("refuses an object altered, moved to another key, plaintext, or under an unknown key", async () => {
    const inner = createMemoryStore();
    const store = createEncryptedStore(inner, createKeyring([key("k1")]));
    await store.put("a", bytes("secret"));
    const sealed = inner.objects.get("a")!;
    inner.objects.set("b", sealed);
    await expect(store.get("b")).rejects.toThrow(/cannot decrypt b: authentication failed with key k1/);
    const altered = Uint8Array.from(sealed);
    altered[altered.length - 20] ^= 1;
    inner.objects.set("a", altered);
    await expect(store.get("a")).rejects.toBeInstanceOf(DecryptionError);
    inner.objects.set("p", bytes("plain"));
    await expect(store.get("p")).rejects.toThrow(/not encrypted/);
    expect(
      text(await createEncryptedStore(inner, createKeyring([key("k1")]), { acceptPlaintext: true }).get("p")),
    ).toBe("plain");
    await createEncryptedStore(inner, createKeyring([key("k9")])).put("c", bytes("x"));
    await expect(store.get("c")).rejects.toThrow(/key k9 is not in the keyring \(have: k1\)/);
  });
});

describe("key rotation", () => {
  it("reads old-key objects, then re-encrypts everything with the new primary", async () => {
    const inner = createMemoryStore();
    const old = key("old");
    const fresh = key("new");
    await createEncryptedStore(inner, createKeyring([old])).put("r/1", bytes("one"));
    await createEncryptedStore(inner, createKeyring([old])).put("r/2", bytes("two"));
    inner.objects.set("r/plain", bytes("legacy"));
    await createEncryptedStore(inner, createKeyring([key("lost")])).put("r/lost", bytes("?"));
    const rotated = createKeyring([fresh, old]);
    const store = createEncryptedStore(inner, rotated);
    expect(text(await store.get("r/1"))).toBe("one");
    await store.put("r/3", bytes("three"));
    expect(envelopeKeyId(inner.objects.get("r/3")!)).toBe("new");

    const report = await reencryptAll(inner, rotated, "r/");
    expect(report).toEqual({ total: 5, reencrypted: 3, current: 1, skipped: 0, failed: ["r/lost"] });
    for (const k of ["r/1", "r/2", "r/3", "r/plain"]) expect(envelopeKeyId(inner.objects.get(k)!)).toBe("new");
    const newOnly = createEncryptedStore(inner, createKeyring([fresh]));
    expect([
      text(await newOnly.get("r/1")),
      text(await newOnly.get("r/2")),
      text(await newOnly.get("r/plain")),
    ]).toEqual(["one", "two", "legacy"]);
  });
});

describe("keyring loading", () => {
  const b64 = () => randomBytes(32).toString("base64");
  it("parses id:base64 lists, first = primary, from env or file", () => {
    const ring = parseKeyring(`k2:${b64()}, k1:${b64()}`, "test");
    expect(ring.primary.id).toBe("k2");
    expect(ring.ids).toEqual(["k2", "k1"]);
    expect(loadKeyring({ env: {} })).toBeUndefined();
    expect(loadKeyring({ env: { STATE_ENCRYPTION_KEYS: `a:${b64()}` } })?.primary.id).toBe("a");
    const file = join(mkdtempSync(join(tmpdir(), "keys-")), "keys");
    writeFileSync(file, `# rotated 2026-11\nb:${b64()}\na:${b64()}\n`);
    expect(loadKeyring({ env: { STATE_ENCRYPTION_KEYS_FILE: file } })?.ids).toEqual(["b", "a"]);
  });

  it("names the source and the key id, never the key", () => {
    const short = Buffer.from("too-short-key").toString("base64");
    expect(() => parseKeyring(`k1:${short}`, "STATE_ENCRYPTION_KEYS")).toThrow(
      /STATE_ENCRYPTION_KEYS: key k1: must be 32 bytes/,
    );
    try {
      parseKeyring(`k1:${short}`, "STATE_ENCRYPTION_KEYS");
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
    expect(() => parseKeyring("nokey", "X")).toThrow(KeyringError);
    expect(() => parseKeyring(`a:${b64()},a:${b64()}`, "X")).toThrow(/appears twice/);
    expect(() => loadKeyring({ env: { STATE_ENCRYPTION_KEYS: "a:x", STATE_ENCRYPTION_KEYS_FILE: "/f" } })).toThrow(
      /not both/,
    );
    expect(() => loadKeyring({ env: { STATE_ENCRYPTION_KEYS_FILE: "/nonexistent/keys" } })).toThrow(
      /\/nonexistent\/keys: cannot read/,
    );
  });
});

describeStateStoreContract("encrypted memory store", () =>
  createEncryptedStore(createMemoryStore(), createKeyring([key("k1")])),
);
