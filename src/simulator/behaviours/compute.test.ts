import { createPublicKey } from "node:crypto";
import { describe, expect } from "vitest";
import { simulatorTest, type TestSimulator } from "../../../test/helpers/simulator-harness.js";
import { sshFingerprint } from "../ssh-keys.js";

async function init(simulator: TestSimulator, resource: Record<string, unknown>, output?: Record<string, unknown>) {
  const dir = await simulator.workdir({ provider: { openstack: [{}] }, resource, ...(output ? { output } : {}) });
  expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
  return dir;
}

describe("Nova keypairs", () => {
  simulatorTest(
    "a generated key is RSA: PEM private key, ssh-rsa public key, Nova's MD5 fingerprint",
    async ({ simulator }) => {
      const dir = await init(
        simulator,
        { openstack_compute_keypair_v2: { k: { name: "osb-binding_1" } } },
        {
          public_key: { value: "${openstack_compute_keypair_v2.k.public_key}" },
          private_key: { value: "${openstack_compute_keypair_v2.k.private_key}", sensitive: true },
          fingerprint: { value: "${openstack_compute_keypair_v2.k.fingerprint}" },
          user_id: { value: "${openstack_compute_keypair_v2.k.user_id}" },
        },
      );
      expect((await simulator.terraform(dir, "apply", "-auto-approve", "-no-color")).stderr).toBe("");
      const out = JSON.parse((await simulator.terraform(dir, "output", "-json")).stdout) as Record<
        string,
        { value: string }
      >;
      // nova/crypto.py generate_key_pair: RSA 2048, traditional PEM, "Generated-by-Nova" comment.
      expect(out.private_key.value).toMatch(
        /^-----BEGIN RSA PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END RSA PRIVATE KEY-----\n$/,
      );
      expect(out.public_key.value).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/=]+ Generated-by-Nova$/);
      expect(out.fingerprint.value).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
      expect(out.fingerprint.value).toBe(sshFingerprint(out.public_key.value));
      // The private key and the public key are one pair, of 2048 bits.
      const key = createPublicKey(out.private_key.value);
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
      // compute_keypair_v2 Create sets user_id from the configuration: "" when unset.
      expect(out.user_id.value).toBe("");
    },
  );

  simulatorTest(
    "below microversion 2.92 (what the provider sends) a '.' in the name is refused with Nova's 400",
    async ({ simulator }) => {
      const dir = await init(simulator, { openstack_compute_keypair_v2: { k: { name: "osb-instance.1" } } });
      const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
      expect(apply.exitCode).toBe(1);
      // compute_keypair_v2.go: no microversion (2.1) without user_id; Nova's keypair_name_20 format
      // checker; gophercloud keypairs.Create OkCodes [200 201].
      expect(apply.stderr).toContain(
        "Error: Unable to create openstack_compute_keypair_v2 osb-instance.1: Expected HTTP response code [200 201] when accessing " +
          "[POST https://nova.openstack.simulator:8774/v2.1/os-keypairs], but got 400 instead: " +
          `{"badRequest": {"code": 400, "message": "An invalid 'name' value was provided. The name must be: Only expected characters: ` +
          `[_- 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ]"}}`,
      );
      // A client speaking 2.92 may use '.', but must then bring its own public key.
      await simulator.cloud.setServiceRules({ nova: { keypairMicroversion: "2.92" } });
      const at292 = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
      expect(at292.stderr).toContain("'public_key' is a required property");
    },
  );

  simulatorTest("a name already taken is Nova's 409", async ({ simulator }) => {
    const first = await init(simulator, { openstack_compute_keypair_v2: { k: { name: "shared" } } });
    expect((await simulator.terraform(first, "apply", "-auto-approve", "-no-color")).exitCode).toBe(0);
    const second = await init(simulator, { openstack_compute_keypair_v2: { k: { name: "shared" } } });
    const apply = await simulator.terraform(second, "apply", "-auto-approve", "-no-color");
    expect(apply.stderr).toContain(
      `but got 409 instead: {"conflictingRequest": {"code": 409, "message": "Key pair 'shared' already exists."}}`,
    );
  });
});
