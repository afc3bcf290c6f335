import { describe, expect } from "vitest";
import { simulatorTest } from "../../../test/helpers/simulator-harness.js";
import { BROKER_USER_ID } from "../generic-fill.js";

const STACK = {
  provider: { openstack: [{}] },
  resource: {
    openstack_identity_application_credential_v3: { app: { name: "osb-binding-1", unrestricted: false } },
    openstack_identity_ec2_credential_v3: { s3: {} },
  },
  output: {
    app_id: { value: "${openstack_identity_application_credential_v3.app.id}" },
    app_secret: { value: "${openstack_identity_application_credential_v3.app.secret}", sensitive: true },
    s3_access: { value: "${openstack_identity_ec2_credential_v3.s3.access}" },
    s3_secret: { value: "${openstack_identity_ec2_credential_v3.s3.secret}", sensitive: true },
  },
};

// Keystone, keystone/api/users.py `_check_unrestricted_application_credential` and ForbiddenAction's
// message_format; the provider's resource_openstack_identity_application_credential_v3.go wrapping;
// gophercloud applicationcredentials.Create (OkCodes [201]) and Delete (DELETE defaults [202 204]).
const FORBIDDEN =
  `but got 403 instead: {"error": {"code": 403, "message": "You are not authorized to perform the requested action: ` +
  `Using method 'application_credential' is not allowed for managing additional application credentials..", "title": "Forbidden"}}`;

describe("Keystone: the broker's identity decides what it may create", () => {
  simulatorTest(
    "a password login creates application and EC2 credentials with Keystone's id formats",
    async ({ simulator }) => {
      const dir = await simulator.workdir(STACK);
      expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
      expect((await simulator.terraform(dir, "apply", "-auto-approve", "-no-color")).stderr).toBe("");
      const outputs = JSON.parse((await simulator.terraform(dir, "output", "-json")).stdout) as Record<
        string,
        { value: string }
      >;
      // Keystone ids are uuid4().hex; the secret is 64 random bytes, url-safe base64 without padding.
      expect(outputs.app_id.value).toMatch(/^[0-9a-f]{32}$/);
      expect(outputs.app_secret.value).toMatch(/^[A-Za-z0-9_-]{86}$/);
      expect(outputs.s3_access.value).toMatch(/^[0-9a-f]{32}$/);
      expect(outputs.s3_secret.value).toMatch(/^[0-9a-f]{32}$/);
    },
  );

  simulatorTest(
    "a restricted application credential may not create one: Keystone's 403 as the provider prints it",
    async ({ simulator }) => {
      await simulator.cloud.setServiceRules({ identity: { authType: "restricted_application_credential" } });
      const dir = await simulator.workdir(STACK);
      expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
      const apply = await simulator.terraform(dir, "apply", "-auto-approve", "-no-color");
      expect(apply.exitCode).toBe(1);
      expect(apply.stderr).toContain(
        "Error: Error creating openstack_identity_application_credential_v3: Expected HTTP response code [201] when accessing " +
          `[POST https://keystone.openstack.simulator:5000/v3/users/${BROKER_USER_ID}/application_credentials], ${FORBIDDEN}`,
      );
      // EC2 credentials carry no such check (users.py UserOSEC2CredentialsResourceListCreate.post).
      expect(await simulator.cloud.list("openstack_identity_ec2_credential_v3")).toHaveLength(1);
      expect(await simulator.cloud.list("openstack_identity_application_credential_v3")).toEqual([]);
    },
  );

  simulatorTest("nor delete one (unbind fails), while an unrestricted one may do both", async ({ simulator }) => {
    const dir = await simulator.workdir(STACK);
    expect((await simulator.terraform(dir, "init", "-input=false", "-no-color")).exitCode).toBe(0);
    expect((await simulator.terraform(dir, "apply", "-auto-approve", "-no-color")).exitCode).toBe(0);
    const [credential] = await simulator.cloud.list("openstack_identity_application_credential_v3");
    await simulator.cloud.setServiceRules({ identity: { authType: "restricted_application_credential" } });
    const destroy = await simulator.terraform(dir, "destroy", "-auto-approve", "-no-color");
    expect(destroy.exitCode).toBe(1);
    expect(destroy.stderr).toContain(
      `Error: Error deleting openstack_identity_application_credential_v3 ${credential.id}: Expected HTTP response code [202 204] when accessing ` +
        `[DELETE https://keystone.openstack.simulator:5000/v3/users/${BROKER_USER_ID}/application_credentials/${credential.id}], ${FORBIDDEN}`,
    );
    await simulator.cloud.setServiceRules({ identity: { authType: "unrestricted_application_credential" } });
    expect((await simulator.terraform(dir, "destroy", "-auto-approve", "-no-color")).exitCode).toBe(0);
    expect(await simulator.cloud.list()).toEqual([]);
  });
});
