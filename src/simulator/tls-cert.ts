import { generateKeyPairSync, randomBytes, sign } from "node:crypto";

/** Minimal DER encoding: tag + length + content. */
function der(tag: number, ...parts: Buffer[]): Buffer {
  const content = Buffer.concat(parts);
  const n = content.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const seq = (...parts: Buffer[]) => der(0x30, ...parts);
const set = (...parts: Buffer[]) => der(0x31, ...parts);

function oid(text: string): Buffer {
  const [a, b, ...rest] = text.split(".").map(Number);
  const bytes = [40 * a + b];
  for (const value of rest) {
    const chunk = [value & 0x7f];
    for (let v = value >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const iso = date.toISOString();
  const text =
    iso.slice(2, 4) +
    iso.slice(5, 7) +
    iso.slice(8, 10) +
    iso.slice(11, 13) +
    iso.slice(14, 16) +
    iso.slice(17, 19) +
    "Z";
  return der(0x17, Buffer.from(text));
}

function name(): Buffer {
  return seq(
    set(seq(oid("2.5.4.10"), der(0x0c, Buffer.from("HashiCorp")))),
    set(seq(oid("2.5.4.3"), der(0x0c, Buffer.from("localhost")))),
  );
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [der(0x01, Buffer.from([0xff]))] : []), der(0x04, value));
}

/** A self-signed certificate and its key, in the formats go-plugin and grpc-js need. */
export interface PluginCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** Base64 DER without `=` padding: the last field of the go-plugin handshake line. */
  readonly handshakeCert: string;
}

/**
 * Generates what go-plugin's AutoMTLS expects from a plugin: a self-signed EC P-256 certificate for
 * localhost, usable as its own CA, for serverAuth and clientAuth.
 */
export function generatePluginCertificate(now = new Date()): PluginCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const ecdsaWithSha256 = seq(oid("1.2.840.10045.4.3.2"));
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x3f) | 0x40; // positive, minimal DER INTEGER (no leading zero byte)
  const extensions = der(
    0xa3,
    seq(
      extension("2.5.29.15", true, der(0x03, Buffer.from([0x02, 0xa4]))), // digitalSignature, keyEncipherment, keyCertSign
      extension("2.5.29.37", false, seq(oid("1.3.6.1.5.5.7.3.1"), oid("1.3.6.1.5.5.7.3.2"))),
      extension("2.5.29.19", true, seq(der(0x01, Buffer.from([0xff])))),
      extension("2.5.29.17", false, seq(der(0x82, Buffer.from("localhost")))),
    ),
  );
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([0x02]))),
    der(0x02, serial),
    ecdsaWithSha256,
    name(),
    seq(utcTime(new Date(now.getTime() - 30_000)), utcTime(new Date(now.getTime() + 365 * 24 * 3600_000))),
    name(),
    publicKey.export({ format: "der", type: "spki" }) as Buffer,
    extensions,
  );
  const signature = sign("sha256", tbs, privateKey);
  const cert = seq(tbs, ecdsaWithSha256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const base64 = cert.toString("base64");
  return {
    certPem: `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ format: "pem", type: "pkcs8" }) as string,
    handshakeCert: base64.replace(/=+$/, ""),
  };
}
