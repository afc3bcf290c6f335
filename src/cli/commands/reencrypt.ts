import { createRuntime } from "../../runtime/create-runtime.js";
import { CONFIG_HELP, parseCommandArgs } from "./args.js";
import { EXIT, type CliIo } from "./io.js";

export const REENCRYPT_HELP = `usage: openstack-broker reencrypt [--prefix P] [--json]

Rewrites every object of the state store (file or Swift: STATE_STORE, STATE_CLOUD, STATE_CONTAINER)
with the primary key of STATE_ENCRYPTION_KEYS (the first one). Objects under older keys, or in
plaintext with STATE_ACCEPT_PLAINTEXT=true, are read and written again; objects already under the
primary key are left alone. Run it after adding a new primary key; then drop the old keys.
  --prefix P   only objects whose key starts with P (e.g. instances/db1/)
  --json       {"total", "reencrypted", "current", "skipped", "failed"}

${CONFIG_HELP}`;

/** `openstack-broker reencrypt`: key rotation for the state store. Exit 1 when an object failed. */
export async function reencryptCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs("reencrypt", args, { prefix: { type: "string" }, json: { type: "boolean" } }, io);
  if (parsed.options.help) return (void io.stdout.write(`${REENCRYPT_HELP}\n`), EXIT.ok);
  const { options, config } = parsed;
  const report = await createRuntime(config, { env: parsed.env }).reencrypt(
    typeof options.prefix === "string" ? options.prefix : "",
  );
  if (options.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    io.stdout.write(
      `re-encrypted ${report.reencrypted} of ${report.total} objects with the primary key (${report.current} already current, ${report.skipped} skipped, ${report.failed.length} failed)\n`,
    );
  }
  return report.failed.length > 0 ? EXIT.error : EXIT.ok;
}
