import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYNC_KEYS_SCRIPT } from "./sync-keys.js";

// The agent runs for real (sh + curl) against a local HTTP server that answers like a public-read
// Swift container: GET <container> lists object names, GET <container>/<name> returns the object.
const run = promisify(execFile);
const objects = new Map<string, string>();
let up = true;
let server: Server;
let dir: string;
let url: string;

// Key pairs Nova generates (no public_key given) are RSA: the public key in OpenSSH form with the
// comment "Generated-by-Nova", the private key PEM ("BEGIN RSA PRIVATE KEY"): nova/crypto.py
// generate_key_pair, and the os-keypairs API reference's examples. Both the boot key (injected by
// cloud-init) and every binding's key have this form; another type is accepted too (KEY_B).
const BOOT_KEY = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCbootkeybootkeybootkeybootkeybootkeyboot Generated-by-Nova";
const KEY_A = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDbindingAbindingAbindingAbindingAbindA Generated-by-Nova";
const KEY_B = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBbindingB osb-b";
const name = (c: string) => `${c.repeat(40)}.pub`;

async function sync(): Promise<string> {
  await run("sh", [join(dir, "osb-sync-keys"), join(dir, "conf")]);
  return readFile(join(dir, "home", ".ssh", "authorized_keys"), "utf8");
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (!up) return void res.writeHead(503).end();
    const path = decodeURIComponent((req.url ?? "").replace(/^\/keys\/?/, ""));
    if (path === "") return void res.writeHead(200).end([...objects.keys()].join("\n") + "\n");
    const body = objects.get(path);
    res.writeHead(body === undefined ? 404 : 200).end(body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`;
  dir = await mkdtemp(join(tmpdir(), "osb-sync-keys-"));
  await mkdir(join(dir, "home", ".ssh"), { recursive: true });
  await writeFile(join(dir, "home", ".ssh", "authorized_keys"), `${BOOT_KEY}\n`);
  await writeFile(join(dir, "osb-sync-keys"), SYNC_KEYS_SCRIPT);
  await writeFile(join(dir, "conf"), `URL='${url}'\nUSER_NAME='nobody'\nHOME_DIR='${join(dir, "home")}'\n`);
});
afterAll(async () => {
  server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("osb-sync-keys (per-binding SSH keys on the server)", () => {
  it("adds each binding's published key to the boot keys", async () => {
    objects.set(name("a"), `${KEY_A}\n`);
    objects.set(name("b"), KEY_B);
    expect((await sync()).trim().split("\n")).toEqual([BOOT_KEY, KEY_A, KEY_B]);
  });

  it("removes a key once its binding is gone (unbind deleted the object)", async () => {
    objects.delete(name("a"));
    expect((await sync()).trim().split("\n")).toEqual([BOOT_KEY, KEY_B]);
  });

  it("keeps the current keys while Swift is unreachable", async () => {
    up = false;
    expect((await sync()).trim().split("\n")).toEqual([BOOT_KEY, KEY_B]);
    up = true;
  });

  it("ignores objects that are not binding keys and content that is not a public key", async () => {
    objects.set("README.txt", KEY_A);
    objects.set(name("c"), 'command="rm -rf /" ssh-ed25519 AAAA evil\nssh-ed25519 AAAAsecondline x');
    expect((await sync()).trim().split("\n")).toEqual([BOOT_KEY, KEY_B]);
    objects.delete("README.txt");
    objects.delete(name("c"));
  });

  it("never loses the boot keys", async () => {
    objects.clear();
    expect((await sync()).trim().split("\n")).toEqual([BOOT_KEY]);
  });
});
