import { readFile, readdir, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { expect } from "vitest";
import { runCommand } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/commands/io.js";

export const ROOT = resolve(import.meta.dirname, "../..");
const GOLDEN_DIR = join(import.meta.dirname, "golden");

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  readonly isTTY?: boolean;
  /** Called with each stdout chunk as it is written. */
  readonly onStdout?: (text: string) => void;
}

/** Runs `openstack-broker <argv>` in this process (the same code as bin/openstack-broker.js) and captures its output. */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (text: string) => ((stdout += text), options.onStdout?.(text), true) },
    stderr: { write: (text: string) => ((stderr += text), true) },
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    cwd: options.cwd ?? ROOT,
    isTTY: options.isTTY ?? false,
  };
  const code = await runCommand(argv, io);
  return { code, stdout, stderr };
}

/** Replaces what differs between runs: UUIDs, temp directories. */
export function normalize(text: string, dirs: readonly string[] = []): string {
  let out = text;
  for (const dir of dirs) out = out.split(dir).join("<dir>");
  return out
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>")
    .replace(/fa(:[0-9a-f]{2}){5}/g, "<mac>")
    .replace(/compute-[0-9a-f]{8}\.simulator/g, "compute-<id>.simulator");
}

/**
 * Compares `text` with test/cli/golden/<name>. `UPDATE_GOLDEN=1` rewrites the file instead; a missing
 * golden file fails (it is never created silently).
 */
export async function expectGolden(name: string, text: string): Promise<void> {
  const file = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    await writeFile(file, text);
    return;
  }
  const expected = await readFile(file, "utf8").catch(() => {
    throw new Error(`golden file ${file} is missing: run with UPDATE_GOLDEN=1 and review it`);
  });
  expect(text).toBe(expected);
}

/** Every file under `dir` (relative path → bytes, base64), for byte-identical comparisons. */
export async function snapshotDir(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (sub: string) => {
    const entries = await readdir(join(dir, sub), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(rel);
      else out[rel] = (await readFile(join(dir, rel))).toString("base64");
    }
  };
  if (
    await stat(dir).then(
      () => true,
      () => false,
    )
  )
    await walk("");
  return out;
}
