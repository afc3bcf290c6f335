import { X509Certificate } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { FieldReader } from "./cloud-field-reader.js";

/** TLS files of a clouds.yaml entry, resolved to absolute paths that exist and hold PEM data. */
export interface CloudTlsFiles {
  readonly cacert?: string;
  readonly clientCert?: string;
  readonly clientKey?: string;
}

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/**
 * `cacert`, `cert` and `key` as absolute paths, so that terraform reads the same files the broker
 * does. MUST refuse at start-up what terraform's provider would misread (terraform-provider-openstack/
 * utils auth/util.go `pathOrContents` + `PrepareTLSConfig`): it resolves a relative path against
 * terraform's per-run working directory, `~` against the passwd entry's home (not `$HOME`), and takes a
 * path that does not exist as the PEM text itself ("Error parsing CA Cert from ...").
 * Here: `~` is `$HOME` (openstacksdk's `expanduser`), a relative path starts at the clouds.yaml's
 * directory; the file must exist and hold a certificate (a key for `key`).
 */
export function tlsFiles(entry: Record<string, unknown>, r: FieldReader): CloudTlsFiles {
  const cacert = pemFile(entry, "cacert", r, "certificate");
  const clientCert = pemFile(entry, "cert", r, "certificate");
  const clientKey = pemFile(entry, "key", r, "key");
  if (clientKey !== undefined && clientCert === undefined) r.fail("key", "given without cert");
  // gophercloud loads a client certificate only when both are set; a combined file serves as both.
  if (clientCert !== undefined && clientKey === undefined && !PRIVATE_KEY.test(readFileSync(clientCert, "utf8"))) {
    r.fail("cert", "holds no private key and no key is given");
  }
  return { ...(cacert && { cacert }), ...(clientCert && { clientCert }), ...(clientKey && { clientKey }) };
}

function pemFile(
  entry: Record<string, unknown>,
  field: string,
  r: FieldReader,
  kind: "certificate" | "key",
): string | undefined {
  const value = r.string(entry, field);
  if (value === undefined) return undefined;
  const path = resolve(dirname(r.file), value.replace(/^~(?=\/|$)/, r.home));
  const text = readText(path);
  if (typeof text !== "string") r.fail(field, text.problem);
  if (kind === "key") {
    if (!PRIVATE_KEY.test(text)) r.fail(field, `no PEM private key in ${path}`);
  } else if (!(text.match(CERTIFICATE) ?? []).some(parses)) {
    r.fail(field, `no PEM certificate in ${path}`);
  }
  return path;
}

function readText(path: string): string | { problem: string } {
  try {
    if (!statSync(path).isFile()) return { problem: `not a file: ${path}` };
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      problem:
        code === "ENOENT"
          ? `file not found: ${path} (a relative path starts at the clouds.yaml's directory)`
          : `cannot read ${path}: ${code ?? "error"}`,
    };
  }
}

function parses(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}
