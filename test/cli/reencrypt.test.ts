import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createFileStore } from "../../src/state/file-store.js";
import { createEncryptedStore } from "../../src/state/crypto/encrypted-store.js";
import { envelopeKeyId } from "../../src/state/crypto/envelope.js";
import { parseKeyring } from "../../src/state/crypto/keyring.js";
import { runCli } from "./cli-harness.js";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe("openstack-broker reencrypt", () => {
  it("rewrites records written with the old key under the new primary; both stay readable", async () => {
    const dir = await mkdtemp(join(tmpdir(), "reencrypt-"));
    dirs.push(dir);
    const oldKey = `old:${randomBytes(32).toString("base64")}`;
    const newKey = `new:${randomBytes(32).toString("base64")}`;
    const raw = await createFileStore({ dir });
    const before = createEncryptedStore(raw, parseKeyring(oldKey, "test"));
    await before.put("instances/a/record.json", new TextEncoder().encode('{"id":"a","password":"p4ss"}'));
    await before.put("instances/a/tfstate", new TextEncoder().encode('{"version":4}'));
    expect(envelopeKeyId((await raw.get("instances/a/record.json"))!)).toBe("old");

    const rotated = `${newKey},${oldKey}`;
    const run = await runCli(["reencrypt", "--json"], { env: { STATE_DIR: dir, STATE_ENCRYPTION_KEYS: rotated } });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 2, reencrypted: 2, failed: [] });
    for (const key of ["instances/a/record.json", "instances/a/tfstate"]) {
      const bytes = (await raw.get(key))!;
      expect(envelopeKeyId(bytes)).toBe("new");
      expect(new TextDecoder().decode(bytes)).not.toContain("p4ss");
    }
    const after = createEncryptedStore(raw, parseKeyring(newKey, "test"));
    expect(new TextDecoder().decode((await after.get("instances/a/record.json"))!)).toContain("p4ss");
  });

  it("without keys it is a clear error", async () => {
    const run = await runCli(["reencrypt"], { env: { STATE_DIR: await mkdtemp(join(tmpdir(), "reencrypt-")) } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/STATE_ENCRYPTION_KEYS/);
  });
});
