import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePluginCertificate } from "../../src/simulator/tls-cert.js";
import {
  assertNoRequestLiterals,
  catalogPlansForStack,
  checkPlanOnSimulator,
  loadCatalogEntry,
  synthesizeService,
  useTestSimulator,
} from "../../src/testing/index.js";
import { synthesize } from "../../src/synth/synthesize.js";

const plans = await catalogPlansForStack("barbican-certificate");
// Fixed PEM-shaped texts for snapshots and literal checks; real material on the simulator.
const CERT = "-----BEGIN CERTIFICATE-----\nMIIBfixture\n-----END CERTIFICATE-----\n";
const KEY = "-----BEGIN PRIVATE KEY-----\nMIGHfixture\n-----END PRIVATE KEY-----\n";
const CHAIN =
  "-----BEGIN CERTIFICATE-----\nMIICchain1\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nMIICchain2\n-----END CERTIFICATE-----\n";
const instanceOutputs = {
  type: "barbican",
  provider: "openstack-barbican",
  container_ref: "https://kms.example/v1/containers/abc",
  container_id: "abc",
  certificate_ref: "https://kms.example/v1/secrets/def",
  certificate_pem: CERT,
  private_key_pem: KEY,
  intermediates_pem: CHAIN,
};

describe("barbican-certificate", () => {
  it("offers the ingress and reference plans", () => {
    expect(plans.map((p) => p.plan)).toEqual(["ingress", "reference"]);
  });

  describe.each(plans)("$service/$plan", ({ service, plan }) => {
    it("uploads the PEMs as sensitive variables into a certificate container, never as literals", async () => {
      const parameters = { certificate: CERT, private_key: KEY, intermediates: CHAIN };
      const instance = await synthesizeService({ service, plan, parameters });
      expect(instance.config).toMatchSnapshot("instance");
      assertNoRequestLiterals(instance);
      for (const name of ["param_certificate", "param_private_key", "param_intermediates"])
        expect(instance.sensitive, name).toContain(name);
      const secrets = instance.resources("openstack_keymanager_secret_v1");
      expect(Object.keys(secrets).sort()).toEqual(["certificate", "intermediates", "private_key"]);
      expect(secrets.private_key).toMatchObject({ secret_type: "private", payload: "${var.param_private_key}" });
      expect(secrets.intermediates.count).toBe("${(var.param_intermediates == null) ? 0 : 1}");
      expect(instance.resource("openstack_keymanager_container_v1").type).toBe("certificate");
      const binding = await synthesizeService({ service, plan, kind: "binding", instanceOutputs });
      expect(binding.config).toMatchSnapshot("binding");
      expect(binding.outputs).toEqual(plan === "ingress" ? ["tls_crt", "tls_key", "ca_crt"] : []);
    });
  });

  it("keeps the key inside Barbican on the reference plan: no PEM output at all", async () => {
    const instance = await synthesizeService({
      service: "barbican-certificate",
      plan: "reference",
      parameters: { certificate: CERT, private_key: KEY },
    });
    expect(instance.outputs).toEqual(["type", "provider", "container_ref", "container_id", "certificate_ref"]);
  });

  it("refuses material that is not PEM, and a missing key, naming the parameter", async () => {
    const synth = (parameters: Record<string, unknown>) =>
      synthesizeService({ service: "barbican-certificate", plan: "ingress", parameters });
    await expect(synth({ certificate: "MIIB...", private_key: KEY })).rejects.toThrow(/parameters\.certificate/);
    await expect(synth({ certificate: CERT, private_key: CERT })).rejects.toThrow(/parameters\.private_key/);
    await expect(synth({ certificate: CERT })).rejects.toThrow(/private_key/);
    await expect(synth({ certificate: CERT, private_key: KEY, intermediates: "x" })).rejects.toThrow(
      /parameters\.intermediates/,
    );
  });

  it("refuses a plan whose pems setting is not a boolean, naming the setting", async () => {
    const { definition, service, plan } = await loadCatalogEntry("barbican-certificate", "ingress");
    expect(() =>
      synthesize({
        definition,
        service,
        plan: { ...plan, settings: { pems: "yes" } },
        kind: "instance",
        values: { certificate: CERT, private_key: KEY },
        instanceId: "i",
        backend: "local",
      }),
    ).toThrow(/pems/);
  });

  describe("on the simulator", () => {
    const simulator = useTestSimulator({ beforeAll, afterAll });

    const base = ["type", "provider", "container_ref", "container_id", "certificate_ref"];
    it.each(plans)(
      "$service/$plan: provision, bind, unbind, deprovision",
      async ({ service, plan }) => {
        const tls = generatePluginCertificate();
        const chain = generatePluginCertificate().certPem;
        const result = await checkPlanOnSimulator({
          service,
          plan,
          env: simulator.env,
          cloud: simulator.cloud,
          parameters: { certificate: tls.certPem, private_key: tls.keyPem, intermediates: chain },
          credentialKeys: plan === "ingress" ? [...base, "tls_crt", "tls_key", "ca_crt"] : base,
        });
        expect(result.instanceResources.map((r) => r.split(":")[0]).sort()).toEqual([
          "openstack_keymanager_container_v1",
          "openstack_keymanager_secret_v1",
          "openstack_keymanager_secret_v1",
          "openstack_keymanager_secret_v1",
        ]);
        if (plan === "ingress") {
          expect(result.credentials?.tls_key).toBe(tls.keyPem);
          expect(result.credentials?.ca_crt).toBe(chain);
        } else expect(Object.keys(result.credentials ?? {}).sort()).toEqual([...base].sort());
      },
      60_000,
    );

    it("creates no intermediates secret when none is given", async () => {
      const tls = generatePluginCertificate();
      const result = await checkPlanOnSimulator({
        service: "barbican-certificate",
        plan: "reference",
        env: simulator.env,
        cloud: simulator.cloud,
        parameters: { certificate: tls.certPem, private_key: tls.keyPem },
        credentialKeys: base,
      });
      expect(result.instanceResources.filter((r) => r.startsWith("openstack_keymanager_secret_v1"))).toHaveLength(2);
    }, 60_000);
  });
});
