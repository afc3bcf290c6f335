import { createHash, generateKeyPairSync } from "node:crypto";

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/** Nova's keypair fingerprint: MD5 of the public key blob, colon-separated hex. */
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

/** Generates an ed25519 keypair (fast) in the formats Nova returns. */
export function generateKeypair(comment: string): GeneratedKeypair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = (publicKey.export({ format: "der", type: "spki" }) as Buffer).subarray(-32);
  const blob = Buffer.concat([sshString(Buffer.from("ssh-ed25519")), sshString(raw)]);
  const openssh = `ssh-ed25519 ${blob.toString("base64")} ${comment}`;
  return {
    publicKey: openssh,
    privateKey: privateKey.export({ format: "pem", type: "pkcs8" }) as string,
    fingerprint: sshFingerprint(openssh),
  };
}
