import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./broker-fixture.js";

/** A broker started as its own process with `openstack-broker serve`. */
export interface BrokerProcess {
  readonly child: ChildProcess;
  readonly url: string;
}

/** Options of {@link spawnBroker}. */
export interface SpawnBrokerOptions {
  /** How long to wait for the "listening on" line. Default 30 s. */
  readonly timeoutMs?: number;
  /** Receives everything the broker writes (stdout and stderr), for its whole life. */
  readonly onOutput?: (chunk: string) => void;
}

/**
 * Starts `openstack-broker serve` (the real bin) with `env` merged over this process's environment
 * (an `undefined` value removes the variable) and resolves with its URL once it prints its
 * "listening on" line; rejects with its output if it exits.
 */
export async function spawnBroker(
  env: Record<string, string | undefined>,
  options: number | SpawnBrokerOptions = {},
): Promise<BrokerProcess> {
  const { timeoutMs = 30_000, onOutput } = typeof options === "number" ? { timeoutMs: options } : options;
  const merged = Object.fromEntries(
    Object.entries({ ...process.env, ...env }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const child = spawn(process.execPath, [join(ROOT, "bin/openstack-broker.js"), "serve"], {
    cwd: ROOT,
    env: merged,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  if (onOutput) {
    child.stdout!.on("data", onOutput);
    child.stderr!.on("data", onOutput);
  }
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const collect = (chunk: string) => (output += chunk);
    const timer = setTimeout(() => reject(new Error(`broker did not start: ${output}`)), timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.stdout!.off("data", onStdout);
      child.stderr!.off("data", collect);
      child.off("exit", onExit);
    };
    const onStdout = (chunk: string) => {
      collect(chunk);
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (match) {
        done();
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`broker exited ${code}: ${output}`));
    };
    child.stdout!.on("data", onStdout);
    child.stderr!.on("data", collect);
    child.once("exit", onExit);
  });
  return { child, url };
}

/**
 * Stops a spawned broker: SIGTERM (it stops listening; running operations would resume at its next
 * start), SIGKILL after `graceMs`. Resolves once it has exited.
 */
export async function stopBroker(broker: BrokerProcess, graceMs = 30_000): Promise<void> {
  const { child } = broker;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
