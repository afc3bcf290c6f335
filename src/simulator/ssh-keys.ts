import { createHash, generateKeyPair } from "node:crypto";
import { promisify } from "node:util";

const generate = promisify(generateKeyPair);

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/** An SSH mpint: big-endian, with a leading zero byte when the high bit is set. */
function sshMpint(data: Buffer): Buffer {
  return sshString(data[0] & 0x80 ? Buffer.concat([Buffer.from([0]), data]) : data);
}

/** Nova's keypair fingerprint: MD5 of the public key blob, colon-separated hex (nova/crypto.py). */
export function sshFingerprint(publicKey: string): string {
  const blob = Buffer.from(publicKey.trim().split(/\s+/)[1] ?? "", "base64");
  const hex = createHash("md5").update(blob).digest("hex");
  return hex.match(/../g)!.join(":");
}

/** A generated keypair as Nova returns it: OpenSSH public key, PEM private key, fingerprint. */
export interface GeneratedKeypair {
  readonly publicKey: string;
  readonly privateKey: string;
  readonly fingerprint: string;
}

/**
 * A keypair as Nova generates one below microversion 2.92 (nova/crypto.py `generate_key_pair`):
 * RSA 2048, the private key as traditional PEM (`-----BEGIN RSA PRIVATE KEY-----`, PKCS#1), the
 * public key `ssh-rsa <blob> Generated-by-Nova`, the MD5 fingerprint. Async: RSA generation takes
 * tens of milliseconds and the event loop serves terraform meanwhile.
 */
export async function generateKeypair(comment = "Generated-by-Nova"): Promise<GeneratedKeypair> {
  const { publicKey, privateKey } = await generate("rsa", { modulusLength: 2048, publicExponent: 65537 });
  const jwk = publicKey.export({ format: "jwk" }) as { n: string; e: string };
  const blob = Buffer.concat([
    sshString(Buffer.from("ssh-rsa")),
    sshMpint(Buffer.from(jwk.e, "base64url")),
    sshMpint(Buffer.from(jwk.n, "base64url")),
  ]);
  const openssh = `ssh-rsa ${blob.toString("base64")} ${comment}`;
  return {
    publicKey: openssh,
    privateKey: privateKey.export({ format: "pem", type: "pkcs1" }) as string,
    fingerprint: sshFingerprint(openssh),
  };
}
