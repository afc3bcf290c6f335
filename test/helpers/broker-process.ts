import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./broker-fixture.js";

/** A broker started as its own process with `openstack-broker serve`. */
export interface BrokerProcess {
  readonly child: ChildProcess;
  readonly url: string;
}

/**
 * Starts `openstack-broker serve` (the real bin) with `env` merged over this process's environment and
 * resolves with its URL once it prints its "listening on" line; rejects with its output if it exits.
 */
export async function spawnBroker(env: Record<string, string>, timeoutMs = 30_000): Promise<BrokerProcess> {
  const child = spawn(process.execPath, [join(ROOT, "bin/openstack-broker.js"), "serve"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`broker did not start: ${output}`)), timeoutMs);
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    });
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`broker exited ${code}: ${output}`));
    });
  });
  return { child, url };
}
