import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCloudStore } from "../../src/simulator/cloud-store.js";
import { checkCredentials } from "../../src/simulator/credential-check.js";
import { ROOT, startTestBroker, type TestBroker } from "../helpers/broker-fixture.js";

/**
 * Binding rotation (OSB "Rotating a Service Binding") and expiry through a real broker (real HTTP,
 * real terraform) on the OpenStack simulator: Trove (a new database user), Keystone (a new
 * application credential) and Swift (a new restricted application credential / EC2 credential).
 * "Works" is a login with the credentials against the simulated cloud (credential-check.ts).
 */
const TROVE = { service: "bd7521f0-30db-41d7-9519-6304670ee509", plan: "0121eb09-c9cf-4400-81e7-572cae529a8f" };
const KEYSTONE = { service: "b063eb09-0854-49bc-8d07-96dbc101639d", plan: "bddd438f-3e05-4ece-aa7d-7d908a1d5771" };
const EXPIRING = { service: KEYSTONE.service, plan: "5e0c7d8e-1f0b-4f7e-9a53-0e6f3c1b2a90" };
const SWIFT = { service: "11745c6c-7e3e-4463-a9c3-e6c8fcb612a2", plan: "2f008602-fe1a-48eb-84c3-29f0825665f7" };
const SWIFT_S3 = { service: SWIFT.service, plan: "cc382224-01c7-406e-9067-13a679ca7dcb" };
const SWIFT_TEMP_URL = { service: SWIFT.service, plan: "69c1c736-238a-4945-9772-94fd701ba6ae" };
const UTC_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** A keystone plan with a lifetime, appended to the shipped keystone-app-credential.yaml. */
const EXPIRING_PLAN = `
  - id: ${EXPIRING.plan}
    name: expiring
    description: Member access for 30 days; rotate in the last week
    binding_rotatable: true
    binding_lifetime: 720h
    renew_before: 168h
    stack: keystone-app-credential
    settings:
      roles:
      - member
    schemas:
      bind:
        type: object
        additionalProperties: false
        properties:
          expires_at:
            type: string
            format: date-time
`;

let t: TestBroker;
let catalogDir: string;
beforeAll(async () => {
  catalogDir = await mkdtemp(join(tmpdir(), "osb-rot-catalog-"));
  for (const file of ["trove-mysql.yaml", "swift-container.yaml"])
    await copyFile(join(ROOT, "catalog", file), join(catalogDir, file));
  const keystone = await readFile(join(ROOT, "catalog", "keystone-app-credential.yaml"), "utf8");
  await writeFile(join(catalogDir, "keystone-app-credential.yaml"), keystone.trimEnd() + EXPIRING_PLAN);
  t = await startTestBroker({ env: { CATALOG_DIR: catalogDir, SIMULATE: "true", CONCURRENCY: "2" } });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await rm(catalogDir, { recursive: true, force: true });
});

const login = (credentials: unknown, now?: number) =>
  checkCredentials(createCloudStore({ dir: t.config.simulatorDir }), credentials as Record<string, unknown>, now);
const bindingUrl = (instance: string, binding: string) =>
  `/v2/service_instances/${instance}/service_bindings/${binding}`;
const unbindUrl = (instance: string, binding: string, ids: { service: string; plan: string }) =>
  `${bindingUrl(instance, binding)}?service_id=${ids.service}&plan_id=${ids.plan}`;

async function provision(id: string, ids: { service: string; plan: string }, parameters = {}) {
  const response = await t.client.put(`/v2/service_instances/${id}?accepts_incomplete=true`, {
    service_id: ids.service,
    plan_id: ids.plan,
    organization_guid: "org",
    space_guid: "space",
    parameters,
  });
  expect(response.status).toBe(202);
  expect((await t.waitForInstance(id, 120_000)).body.state).toBe("succeeded");
}

/** A synchronous bind: 201 with the body. */
async function bind(instance: string, binding: string, body: unknown) {
  const response = await t.client.put(bindingUrl(instance, binding), body);
  const json = (await response.json()) as { credentials: Record<string, unknown>; metadata?: Record<string, string> };
  return { status: response.status, body: json };
}

/** bind, rotate with only predecessor_binding_id, both work, unbind the old one, the new one works. */
async function rotateEndToEnd(instance: string, ids: { service: string; plan: string }, key: string) {
  const first = await bind(instance, "old", { service_id: ids.service, plan_id: ids.plan });
  expect(first.status).toBe(201);
  expect((await login(first.body.credentials)).accepted).toBe(true);

  const second = await bind(instance, "new", { predecessor_binding_id: "old" });
  expect(second.status).toBe(201);
  expect(second.body.credentials[key]).toBeDefined();
  expect(second.body.credentials[key]).not.toEqual(first.body.credentials[key]);
  expect((await login(first.body.credentials)).accepted).toBe(true);
  expect((await login(second.body.credentials)).accepted).toBe(true);

  // The same rotation again: 200 with the same credentials.
  const repeat = await bind(instance, "new", { predecessor_binding_id: "old" });
  expect(repeat.status).toBe(200);
  expect(repeat.body.credentials).toEqual(second.body.credentials);

  expect((await t.client.delete(unbindUrl(instance, "old", ids))).status).toBe(200);
  expect((await login(first.body.credentials)).accepted).toBe(false);
  expect((await login(second.body.credentials)).accepted).toBe(true);
  const fetched = await t.client.get(bindingUrl(instance, "new"));
  expect(fetched.status).toBe(200);
  expect(((await fetched.json()) as { credentials: unknown }).credentials).toEqual(second.body.credentials);
  // Once the predecessor is gone a repeat of the rotation still answers from the new binding.
  expect((await bind(instance, "new", { predecessor_binding_id: "old" })).status).toBe(200);
  expect((await t.client.delete(unbindUrl(instance, "new", ids))).status).toBe(200);
  expect((await login(second.body.credentials)).accepted).toBe(false);
}

describe("binding rotation through the HTTP API", () => {
  it("GET /v2/catalog advertises binding_rotatable on the rotatable plans only", async () => {
    const catalog = (await (await t.client.get("/v2/catalog")).json()) as {
      services: { plans: { id: string; binding_rotatable?: boolean; binding_lifetime?: unknown }[] }[];
    };
    const plans = new Map(catalog.services.flatMap((s) => s.plans).map((p) => [p.id, p]));
    expect(plans.get(TROVE.plan)?.binding_rotatable).toBe(true);
    expect(plans.get(SWIFT.plan)?.binding_rotatable).toBe(true);
    expect(plans.get(SWIFT_TEMP_URL.plan)?.binding_rotatable).toBeUndefined();
    expect(plans.get(EXPIRING.plan)?.binding_lifetime).toBeUndefined(); // not an OSB field
  });

  it("Trove: the rotated binding is a new database user with its own password", async () => {
    await provision("rot-trove", TROVE);
    await rotateEndToEnd("rot-trove", TROVE, "username");
  }, 180_000);

  it("Keystone: the rotated binding is a new application credential", async () => {
    await provision("rot-keystone", KEYSTONE);
    await rotateEndToEnd("rot-keystone", KEYSTONE, "application_credential_id");
  }, 180_000);

  it("Swift: a new restricted application credential (standard) and a new EC2 credential (s3)", async () => {
    await provision("rot-swift", SWIFT);
    await rotateEndToEnd("rot-swift", SWIFT, "application_credential_id");
    await provision("rot-s3", SWIFT_S3);
    await rotateEndToEnd("rot-s3", SWIFT_S3, "access_key_id");
  }, 240_000);

  it("refuses with 400 naming why: not rotatable, missing, foreign, conflicting fields, itself", async () => {
    await provision("rot-temp", SWIFT_TEMP_URL);
    expect(
      (await bind("rot-temp", "t1", { service_id: SWIFT_TEMP_URL.service, plan_id: SWIFT_TEMP_URL.plan })).status,
    ).toBe(201);
    const refused = async (instance: string, binding: string, body: unknown, why: RegExp) => {
      const response = await t.client.put(bindingUrl(instance, binding), body);
      const json = (await response.json()) as { description: string };
      expect(response.status, JSON.stringify(json)).toBe(400);
      expect(json.description).toMatch(why);
    };
    await refused(
      "rot-temp",
      "t2",
      { predecessor_binding_id: "t1" },
      /plan temp-url of service swift-container is not binding_rotatable/,
    );
    await refused("rot-temp", "t2", { predecessor_binding_id: "nope" }, /nope is not a binding of instance rot-temp/);
    await refused("rot-temp", "t2", { predecessor_binding_id: "t2" }, /names this binding itself/);

    await provision("rot-conflict", KEYSTONE);
    expect((await bind("rot-conflict", "c1", { service_id: KEYSTONE.service, plan_id: KEYSTONE.plan })).status).toBe(
      201,
    );
    // A binding of another instance is not a predecessor here.
    await refused("rot-temp", "t3", { predecessor_binding_id: "c1" }, /c1 is not a binding of instance rot-temp/);
    await refused(
      "rot-conflict",
      "c2",
      { predecessor_binding_id: "c1", plan_id: EXPIRING.plan },
      /plan_id differs from that of predecessor binding c1/,
    );
    await refused(
      "rot-conflict",
      "c2",
      { predecessor_binding_id: "c1", parameters: { expires_at: "2031-01-01T00:00:00Z" } },
      /parameters differs from that of predecessor binding c1/,
    );
    // Equal explicit fields are accepted.
    const same = await bind("rot-conflict", "c2", {
      predecessor_binding_id: "c1",
      service_id: KEYSTONE.service,
      plan_id: KEYSTONE.plan,
    });
    expect(same.status).toBe(201);
    // Nothing was created for the refused requests.
    for (const id of ["t2", "t3"]) expect((await t.client.get(bindingUrl("rot-temp", id))).status).toBe(404);
  }, 240_000);
});

describe("binding expiry through the HTTP API", () => {
  it("a plan's binding_lifetime: metadata in UTC with Z, the credential expires in the simulator, rotation renews it", async () => {
    await provision("exp-keystone", EXPIRING);
    const before = Date.now();
    const first = await bind("exp-keystone", "e1", { service_id: EXPIRING.service, plan_id: EXPIRING.plan });
    expect(first.status).toBe(201);
    const { expires_at, renew_before } = first.body.metadata ?? {};
    expect(expires_at).toMatch(UTC_Z);
    expect(renew_before).toMatch(UTC_Z);
    const expires = Date.parse(expires_at!);
    expect(expires).toBeGreaterThan(before + 719 * 3600_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 720 * 3600_000);
    expect(Date.parse(renew_before!)).toBe(expires - 168 * 3600_000);

    const fetched = (await (await t.client.get(bindingUrl("exp-keystone", "e1"))).json()) as { metadata: unknown };
    expect(fetched.metadata).toEqual({ expires_at, renew_before });

    expect(await login(first.body.credentials, expires - 1000)).toMatchObject({ accepted: true, status: 201 });
    expect(await login(first.body.credentials, expires)).toMatchObject({ accepted: false, status: 401 });

    // Rotated asynchronously, as Crossplane's provider-osb does: 202, poll, then GET the binding.
    const accepted = await t.client.put(`${bindingUrl("exp-keystone", "e2")}?accepts_incomplete=true`, {
      predecessor_binding_id: "e1",
    });
    expect(accepted.status).toBe(202);
    expect((await t.waitForBinding("exp-keystone", "e2")).body.state).toBe("succeeded");
    const second = (await (await t.client.get(bindingUrl("exp-keystone", "e2"))).json()) as {
      credentials: Record<string, unknown>;
      metadata: { expires_at: string; renew_before: string };
    };
    expect(second.metadata.expires_at).toMatch(UTC_Z);
    expect(Date.parse(second.metadata.expires_at)).toBeGreaterThanOrEqual(expires);
    expect(second.credentials.application_credential_id).not.toEqual(first.body.credentials.application_credential_id);
    expect((await login(second.credentials)).accepted).toBe(true);
  }, 180_000);

  it("a credential that never expires has no metadata; a request's expires_at beyond the lifetime is 400", async () => {
    await provision("exp-never", KEYSTONE);
    const plain = await bind("exp-never", "n1", { service_id: KEYSTONE.service, plan_id: KEYSTONE.plan });
    expect(plain.status).toBe(201);
    expect(plain.body.metadata).toBeUndefined();
    const fetched = (await (await t.client.get(bindingUrl("exp-never", "n1"))).json()) as Record<string, unknown>;
    expect(fetched).not.toHaveProperty("metadata");

    const tooLate = await t.client.put(bindingUrl("exp-keystone", "late"), {
      service_id: EXPIRING.service,
      plan_id: EXPIRING.plan,
      parameters: { expires_at: "2999-01-01T00:00:00Z" },
    });
    expect(tooLate.status).toBe(400);
    expect(((await tooLate.json()) as { description: string }).description).toMatch(
      /parameters.expires_at: 2999-01-01T00:00:00Z is later than plan expiring's binding_lifetime \(720h\)/,
    );
  }, 180_000);

  it("an expired binding cannot be rotated (400), and its credential is refused by Keystone", async () => {
    await provision("exp-short", KEYSTONE);
    // A request's own expires_at, normalized to UTC with Z in metadata.
    const at = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000);
    const offset = `${at
      .toISOString()
      .slice(0, 19)
      .replace(/T(\d\d)/, (_, h) => `T${String((Number(h) + 2) % 24).padStart(2, "0")}`)}+02:00`;
    const short = await bind("exp-short", "s1", {
      service_id: KEYSTONE.service,
      plan_id: KEYSTONE.plan,
      parameters: { expires_at: offset },
    });
    expect(short.status, JSON.stringify(short.body)).toBe(201);
    expect(short.body.metadata?.expires_at).toBe(`${at.toISOString().slice(0, 19)}Z`);
    while (Date.now() <= at.getTime()) await new Promise((r) => setTimeout(r, 200));
    expect((await login(short.body.credentials)).status).toBe(401);
    const response = await t.client.put(bindingUrl("exp-short", "s2"), { predecessor_binding_id: "s1" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { description: string }).description).toMatch(
      /s1 expired at .*Z; an expired binding cannot be rotated/,
    );
  }, 180_000);
});
