import { createPrivateKey, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generatePluginCertificate } from "./tls-cert.js";

describe("the AutoMTLS certificate", () => {
  it("is a self-signed EC P-256 CA certificate for localhost, serverAuth and clientAuth", () => {
    const generated = generatePluginCertificate();
    const cert = new X509Certificate(generated.certPem);
    expect(cert.subjectAltName).toBe("DNS:localhost");
    expect(cert.ca).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: "prime256v1" });
    expect(cert.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
    expect(cert.checkPrivateKey(createPrivateKey(generated.keyPem))).toBe(true);
  });

  it("is sent in the handshake as base64 DER without padding", () => {
    const generated = generatePluginCertificate();
    expect(generated.handshakeCert).not.toMatch(/=/);
    const der = Buffer.from(generated.handshakeCert, "base64");
    expect(new X509Certificate(der).fingerprint256).toBe(new X509Certificate(generated.certPem).fingerprint256);
  });
});

describe("certificate encoding", () => {
  it("always parses (serial numbers are minimal DER integers)", () => {
    for (let i = 0; i < 300; i++) expect(() => new X509Certificate(generatePluginCertificate().certPem)).not.toThrow();
  });
});
