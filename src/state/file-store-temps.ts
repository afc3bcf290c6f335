import { readdir, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * The file store's temporary files: every write goes to `<key>.<pid>-<hex>.tmp` first, then is renamed
 * (or linked) onto the key. A process killed in between leaves the temp file behind, and it can hold
 * a plaintext copy of a state. Rules for removing one (start-up, and a delete of its key):
 * - a temp file this process is writing right now is never removed ({@link IN_FLIGHT});
 * - its writer's pid is in its name: removed when that process is gone, or when it is this process
 *   (an earlier incarnation with the same pid, PID 1 in a container: ours are all in flight);
 * - a temp file of a live other process (a CLI command, a second broker on the directory) is kept;
 * - a name without a pid (written before this rule) is removed once it is a minute old.
 */
export const IN_FLIGHT = new Set<string>();

/** Age after which a temp file whose writer is unknown is a leftover. */
const UNKNOWN_WRITER_MS = 60_000;

/** The temp file of a write of `path` by this process. */
export const tempNameOf = (path: string, hex: string) => `${path}.${process.pid}-${hex}.tmp`;

const TEMP = /^(.+)\.(?:(\d+)-)?[0-9a-f]{12}\.tmp$/;

/** Whether the file at `path` is a temp file left by a dead writer (see the rules above). */
export async function isLeftoverTemp(path: string, now = Date.now()): Promise<boolean> {
  const match = TEMP.exec(basename(path));
  if (match === null || IN_FLIGHT.has(path)) return false;
  if (match[2] === undefined) {
    const info = await stat(path).catch(() => undefined);
    return info !== undefined && now - info.mtimeMs > UNKNOWN_WRITER_MS;
  }
  const pid = Number(match[2]);
  return pid === process.pid || !isAlive(pid);
}

/** Removes the leftover temp files of the object at `path` (its own directory only). */
export async function removeLeftoverTempsOf(path: string): Promise<number> {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const match = TEMP.exec(name);
    if (!name.startsWith(prefix) || match?.[1] !== basename(path)) continue;
    if (await removeIfLeftover(join(dir, name))) removed++;
  }
  return removed;
}

/** Removes every leftover temp file under the store's directory `root`; returns how many. */
export async function removeLeftoverTemps(root: string): Promise<number> {
  let removed = 0;
  const entries = await readdir(root, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".tmp")) continue;
    if (await removeIfLeftover(join(entry.parentPath, entry.name))) removed++;
  }
  return removed;
}

async function removeIfLeftover(path: string): Promise<boolean> {
  if (!(await isLeftoverTemp(path))) return false;
  return unlink(path).then(
    () => true,
    () => false,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
