import { stat } from "node:fs/promises";
import type { BrokerConfig } from "../../config/broker-config.js";
import { CliError } from "./io.js";

/**
 * For commands that list what a broker stored (`instances`, `operations`): with the file store, a
 * state directory that does not exist is a mistake (a wrong STATE_DIR or working directory), not an
 * empty list. MUST NOT create it.
 */
export async function requireStateDir(
  command: string,
  config: BrokerConfig,
  env: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  if ((env.STATE_STORE ?? "file") !== "file") return;
  const isDir = await stat(config.stateDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir)
    throw new CliError(
      `${command}: the state directory ${config.stateDir} does not exist (STATE_DIR or --state-dir; no broker has stored anything there)`,
      { file: config.stateDir, field: "STATE_DIR" },
    );
}
