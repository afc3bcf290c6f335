import { createHash, randomBytes } from "node:crypto";
import type { StateRef } from "../state/keys.js";

/** Characters of each id kept readable in a working directory's name. */
const READABLE = 40;

/**
 * The name of a fresh working directory for `ref`: a readable prefix of each id, a sha256 prefix of
 * both (so two refs whose prefixes agree still differ) and a random suffix (one directory per run).
 * MUST stay far below the 255 bytes a file name may have, whatever the ids (each up to 200
 * characters, domain/ids.ts): at most 40 + 1 + 40 + 1 + 16 + 1 + 8 = 107 characters.
 */
export function workspaceDirName(ref: StateRef): string {
  const binding = ref.bindingId ?? "instance";
  const digest = createHash("sha256")
    .update(`${ref.instanceId}\0${ref.bindingId ?? ""}`)
    .digest("hex")
    .slice(0, 16);
  return `${ref.instanceId.slice(0, READABLE)}-${binding.slice(0, READABLE)}-${digest}-${randomBytes(4).toString("hex")}`;
}
