/**
 * The TLS files terraform's OpenStack provider loads (terraform-provider-openstack/utils auth/util.go
 * `PrepareTLSConfig` and `pathOrContents`), with its error wording: `~` is the passwd entry's home, a
 * relative path starts at the provider's working directory (terraform's), and a path that does not
 * exist is taken as the PEM text itself.
 */
import { X509Certificate, createPrivateKey } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { ClientConfigError } from "./gophercloud-clouds.js";

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----/;

/** Throws the provider's error when the CA bundle or the client certificate and key cannot be used. */
export function prepareTlsConfig(
  files: { cacert: string; cert: string; key: string },
  place: { cwd: string; home: string },
): void {
  if (files.cacert !== "") {
    const ca = pathOrContents(files.cacert, place, "Error reading CA Cert");
    if (!(ca.trim().match(CERTIFICATE) ?? []).some(isCertificate))
      throw new ClientConfigError(`Error parsing CA Cert from ${files.cacert}`);
  }
  if (files.cert === "" || files.key === "") return;
  const cert = (pathOrContents(files.cert, place, "Error reading Client Cert").match(CERTIFICATE) ?? []).find(
    isCertificate,
  );
  const key = pathOrContents(files.key, place, "Error reading Client Key").match(PRIVATE_KEY)?.[0];
  if (cert === undefined) throw new ClientConfigError("tls: failed to find any PEM data in certificate input");
  if (key === undefined) throw new ClientConfigError("tls: failed to find any PEM data in key input");
  let matches = false;
  try {
    matches = new X509Certificate(cert).checkPrivateKey(createPrivateKey(key));
  } catch {
    matches = false;
  }
  if (!matches) throw new ClientConfigError("tls: private key does not match public key");
}

function pathOrContents(value: string, place: { cwd: string; home: string }, context: string): string {
  const path = value === "~" ? place.home : value.startsWith("~/") ? join(place.home, value.slice(2)) : value;
  const absolute = resolve(place.cwd, path);
  try {
    statSync(absolute);
  } catch {
    return value;
  }
  try {
    return readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ClientConfigError(
      `${context}: read ${path}: ${code === "EISDIR" ? "is a directory" : (code ?? "error")}`,
    );
  }
}

function isCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}
