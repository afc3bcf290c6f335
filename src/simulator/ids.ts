import { createHash, randomUUID } from "node:crypto";

/** A UUID derived from a seed (SHA-1, version-5 layout): the same seed always gives the same id. */
export function deterministicUuid(seed: string): string {
  const hex = createHash("sha1").update(seed).digest("hex");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A random UUID (v4). */
export function newUuid(): string {
  return randomUUID();
}

/** A Neutron-style MAC address (fa:16:3e prefix) derived from a seed. */
export function macAddress(seed: string): string {
  const hex = createHash("sha1").update(seed).digest("hex");
  return `fa:16:3e:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

/** A Keystone id: `uuid.uuid4().hex`, 32 lowercase hex digits (users, projects, credentials, EC2 keys). */
export function keystoneId(): string {
  return randomUUID().replace(/-/g, "");
}
