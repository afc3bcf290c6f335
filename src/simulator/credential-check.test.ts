import { afterEach, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCloudStore, type CloudStore } from "./cloud-store.js";
import { checkCredentials, KEYSTONE_UNAUTHORIZED } from "./credential-check.js";
import { verifierOf } from "./sensitive-values.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function cloud(): Promise<CloudStore> {
  const dir = await mkdtemp(join(tmpdir(), "sim-creds-"));
  dirs.push(dir);
  return createCloudStore({ dir });
}
const createdAt = "2030-01-01T00:00:00Z";
const T = Date.parse("2030-06-01T00:00:00Z");

describe("checkCredentials: a login with a binding's credentials", () => {
  it("Keystone application credential: accepted until expires_at, then 401 like any bad credential", async () => {
    const store = await cloud();
    await store.put({
      type: "openstack_identity_application_credential_v3",
      id: "ac1",
      state: { id: "ac1", expires_at: "2030-06-01T00:00:00Z" },
      verifiers: { secret: verifierOf("s3cret") },
      createdAt,
    });
    const good = { application_credential_id: "ac1", application_credential_secret: "s3cret" };
    expect(await checkCredentials(store, good, T - 1)).toEqual({ service: "identity", accepted: true, status: 201 });
    const refused = { service: "identity", accepted: false, status: 401, error: JSON.stringify(KEYSTONE_UNAUTHORIZED) };
    expect(await checkCredentials(store, good, T)).toEqual(refused);
    expect(await checkCredentials(store, { ...good, application_credential_secret: "other" }, T - 1)).toEqual(refused);
    expect(await checkCredentials(store, { ...good, application_credential_id: "gone" }, T - 1)).toEqual(refused);
  });

  it('an application credential without expires_at ("" in the state) never expires', async () => {
    const store = await cloud();
    await store.put({
      type: "openstack_identity_application_credential_v3",
      id: "ac2",
      state: { id: "ac2", expires_at: "" },
      verifiers: { secret: verifierOf("x") },
      createdAt,
    });
    const creds = { application_credential_id: "ac2", application_credential_secret: "x" };
    expect((await checkCredentials(store, creds, Date.parse("2999-01-01T00:00:00Z"))).accepted).toBe(true);
  });

  it("EC2 credentials and Trove database users: the secret must match and the resource exist", async () => {
    const store = await cloud();
    await store.put({
      type: "openstack_identity_ec2_credential_v3",
      id: "ak",
      state: { id: "ak", access: "ak" },
      verifiers: { secret: verifierOf("sk") },
      createdAt,
    });
    expect((await checkCredentials(store, { access_key_id: "ak", secret_access_key: "sk" })).accepted).toBe(true);
    expect((await checkCredentials(store, { access_key_id: "ak", secret_access_key: "no" })).status).toBe(401);

    await store.put({ type: "openstack_db_instance_v1", id: "db", state: { id: "db" }, createdAt });
    await store.put({
      type: "openstack_db_user_v1",
      id: "db/u1",
      state: { id: "db/u1", name: "u1", instance_id: "db" },
      verifiers: { password: verifierOf("pw") },
      createdAt,
    });
    expect(await checkCredentials(store, { username: "u1", password: "pw" })).toEqual({
      service: "database",
      accepted: true,
    });
    expect(await checkCredentials(store, { username: "u1", password: "bad" })).toMatchObject({
      accepted: false,
      error: "Access denied for user 'u1' (using password: YES)",
    });
    await store.delete("openstack_db_instance_v1", "db");
    expect((await checkCredentials(store, { username: "u1", password: "pw" })).accepted).toBe(false);
  });

  it("names what it cannot check", async () => {
    await expect(checkCredentials(await cloud(), { token: "x" })).rejects.toThrow(/no application credential/);
  });
});
