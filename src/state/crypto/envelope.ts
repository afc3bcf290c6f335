import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { KeyEntry, Keyring } from "./keyring.js";

/**
 * The ciphertext format (version 1), all of it authenticated by AES-256-GCM:
 *
 *   "OSBE" | version 0x01 | id length (1 byte) | key id (ASCII) | IV (12 bytes) | ciphertext | tag (16 bytes)
 *
 * The additional authenticated data is the header (magic through IV) followed by the object's
 * key in the store, so a ciphertext moved to another key (another instance's state) fails to open.
 */
const MAGIC = Buffer.from("OSBE", "ascii");
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A ciphertext that cannot be opened; names the object and the reason, never key material. */
export class DecryptionError extends Error {
  constructor(
    readonly objectKey: string,
    reason: string,
  ) {
    super(`cannot decrypt ${objectKey}: ${reason}`);
    this.name = "DecryptionError";
  }
}

/** Whether `bytes` start with the envelope's magic (otherwise: plaintext). */
export function isEnvelope(bytes: Uint8Array): boolean {
  return bytes.byteLength >= MAGIC.length && Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).equals(MAGIC);
}

/** The key id in an envelope's header, or `undefined` when `bytes` is not an envelope. */
export function envelopeKeyId(bytes: Uint8Array): string | undefined {
  if (!isEnvelope(bytes) || bytes.byteLength < 6) return undefined;
  const length = bytes[5];
  return Buffer.from(bytes.buffer, bytes.byteOffset + 6, Math.min(length, bytes.byteLength - 6)).toString("ascii");
}

/** Encrypts `plaintext` for the object at `objectKey` with `key`. */
export function seal(plaintext: Uint8Array, objectKey: string, key: KeyEntry): Uint8Array {
  const id = Buffer.from(key.id, "ascii");
  const iv = randomBytes(IV_BYTES);
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION, id.length]), id, iv]);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  cipher.setAAD(Buffer.concat([header, Buffer.from(objectKey, "utf8")]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const out = Buffer.concat([header, body, cipher.getAuthTag()]);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Decrypts an envelope read from `objectKey`, with whichever keyring key its header names. */
export function open(envelope: Uint8Array, objectKey: string, keyring: Keyring): Uint8Array {
  const bytes = Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength);
  if (!isEnvelope(bytes)) throw new DecryptionError(objectKey, "not encrypted (no OSBE header)");
  if (bytes[4] !== VERSION) throw new DecryptionError(objectKey, `unknown format version ${bytes[4]}`);
  const idEnd = 6 + bytes[5];
  const ivEnd = idEnd + IV_BYTES;
  if (bytes.length < ivEnd + TAG_BYTES) throw new DecryptionError(objectKey, "truncated");
  const id = bytes.subarray(6, idEnd).toString("ascii");
  const key = keyring.find(id);
  if (key === undefined)
    throw new DecryptionError(objectKey, `key ${id} is not in the keyring (have: ${keyring.ids.join(", ")})`);
  const decipher = createDecipheriv("aes-256-gcm", key.key, bytes.subarray(idEnd, ivEnd));
  decipher.setAAD(Buffer.concat([bytes.subarray(0, ivEnd), Buffer.from(objectKey, "utf8")]));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    const out = Buffer.concat([decipher.update(bytes.subarray(ivEnd, bytes.length - TAG_BYTES)), decipher.final()]);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch {
    throw new DecryptionError(
      objectKey,
      `authentication failed with key ${id} (wrong key, or the object was altered or moved)`,
    );
  }
}
