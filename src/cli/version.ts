import { readFileSync } from "node:fs";

/** The broker's version: package.json's `version`. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
