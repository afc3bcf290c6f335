/**
 * Entry point of the provider when terraform launches it (faithful mode, via the launcher script in
 * the filesystem mirror). Speaks the go-plugin handshake: `1|6|unix|<socket>|grpc|<cert>` on stdout,
 * mutual TLS with the certificate terraform passes in PLUGIN_CLIENT_CERT.
 */
import { rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { resolveAssets } from "./assets.js";
import { loadSimulatorConfig, SIM_ENV } from "./config.js";
import { startProviderServer } from "./provider-server.js";
import { createSimulatedCloud } from "./simulated-cloud.js";
import { generatePluginCertificate } from "./tls-cert.js";

const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

async function main(): Promise<void> {
  const env = process.env;
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    process.stderr.write(
      "This binary is a plugin. These are not meant to be executed directly.\n" +
        "Please execute the program that consumes these plugins, which will load any plugins automatically.\n",
    );
    process.exit(1);
  }
  const stateDir = env[SIM_ENV.stateDir];
  if (!stateDir) {
    process.stderr.write(`openstack simulator: ${SIM_ENV.stateDir} is not set\n`);
    process.exit(1);
  }
  const clientCert = env.PLUGIN_CLIENT_CERT;
  const certificate = clientCert ? generatePluginCertificate() : undefined;
  const socketPath = join(
    env.PLUGIN_UNIX_SOCKET_DIR || tmpdir(),
    `plugin-os-sim-${process.pid}-${Date.now().toString(36)}.sock`,
  );
  // Exit at once (terraform waits for the process to end): only the socket file needs removing.
  const exit = (code: number) => {
    rmSync(socketPath, { force: true });
    process.exit(code);
  };
  await startProviderServer({
    cloud: createSimulatedCloud({ stateDir, baseConfig: loadSimulatorConfig({ env }) }),
    assets: resolveAssets(env),
    socketPath,
    tls:
      certificate && clientCert
        ? { serverCertPem: certificate.certPem, serverKeyPem: certificate.keyPem, clientCertPem: clientCert }
        : undefined,
    // An unmanaged (reattached) provider outlives terraform's sessions: its owner stops it.
    onShutdown: env[SIM_ENV.unmanaged] === "1" ? undefined : () => exit(0),
    onInternalError: (error) =>
      process.stderr.write(`openstack simulator: ${String((error as Error)?.stack ?? error)}\n`),
    // Launched by terraform (not the unmanaged child of reattach mode): terraform's env and working directory are ours.
    // gophercloud takes the home from the passwd entry (os/user.Current), never from $HOME.
    launched: env[SIM_ENV.unmanaged] === "1" ? undefined : { env, cwd: process.cwd(), home: passwdHome(env) },
  });
  // Terraform handles Ctrl-C itself (StopProvider); a plugin ignores SIGINT like go-plugin servers do.
  process.on("SIGINT", () => undefined);
  process.on("SIGTERM", () => exit(0));
  // If terraform dies without calling Shutdown, do not linger as an orphan.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) exit(0);
  }, 1000).unref();
  process.stdout.write(`1|6|unix|${socketPath}|grpc|${certificate?.handshakeCert ?? ""}\n`);
  if (env.OPENSTACK_SIM_TRACE === "1") {
    const cpu = process.cpuUsage();
    process.stderr.write(
      `openstack simulator: ready after ${performance.now().toFixed(1)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms)\n`,
    );
  }
}

/** Go's os/user.Current: the passwd entry's home; $HOME only for a user without an entry. */
function passwdHome(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().homedir;
  } catch {
    return env.HOME ?? "";
  }
}

main().catch((error) => {
  process.stderr.write(`openstack simulator failed to start: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
