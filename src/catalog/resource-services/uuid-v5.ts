import { createHash } from "node:crypto";

/** The namespace of the broker's generated catalog ids (a fixed random UUID: never change it). */
export const RESOURCE_SERVICES_NAMESPACE = "3f0e5a52-8d7c-4b7e-9a51-6f2c1d0b9e47";

/** RFC 4122 name-based UUID, version 5 (SHA-1): the same name always gives the same id. */
export function uuidV5(name: string, namespace: string = RESOURCE_SERVICES_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
