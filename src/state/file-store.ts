import { readFile } from "node:fs";
import { mkdir, open, readdir, rename, unlink, link } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { randomBytes } from "node:crypto";
import type { StateStore } from "./state-store.js";
import { assertStoreKey, isLockKey } from "./keys.js";
import { IN_FLIGHT, removeLeftoverTempsOf, tempNameOf } from "./file-store-temps.js";

export interface FileStoreOptions {
  /** The directory that holds every object (created when missing). */
  readonly dir: string;
}

/**
 * A whole file, through the callback API: `fs/promises.readFile` opens a FileHandle per read (a
 * transferable object, its own close), about half of a GET instance's CPU when every poll reads a
 * small object (drift.json). MUST stay asynchronous (no sync fs on the request path).
 */
const readBytes = (path: string) =>
  new Promise<Buffer>((resolve, reject) => readFile(path, (error, data) => (error ? reject(error) : resolve(data))));

/**
 * The embedded default store: one file per object under `dir`.
 * Writes are atomic (temp file, fsync, rename, fsync of the directory); `create` uses a hard link,
 * which fails when the target exists, so it is create-only even across processes. Lock objects
 * (keys.ts `isLockKey`: state locks, leases) are written the same way but without the two fsyncs:
 * every process on the machine sees them at once through the page cache, and they only matter while
 * their holders live (about a third of the fsyncs of an operation, issue 16).
 */
export async function createFileStore(options: FileStoreOptions): Promise<StateStore> {
  const root = options.dir;
  await mkdir(root, { recursive: true });
  // Whole `..` segments are refused; `a..b` is a valid id (it used to be refused: a 500 on provision).
  const pathOf = (key: string) => join(root, ...assertStoreKey(key).split("/"));

  async function writeTemp(path: string, body: Uint8Array, durable: boolean): Promise<string> {
    await mkdir(dirname(path), { recursive: true });
    // `<key>.<pid>-<hex>.tmp`: a later broker process removes those whose writer died (file-store-temps.ts).
    const temp = tempNameOf(path, randomBytes(6).toString("hex"));
    IN_FLIGHT.add(temp);
    const handle = await open(temp, "wx", 0o600).catch((error: unknown) => {
      IN_FLIGHT.delete(temp);
      throw error;
    });
    try {
      await handle.writeFile(body);
      if (durable) await handle.sync();
    } catch (error) {
      // ENOSPC, EIO: the object keeps its previous bytes, and MUST NOT keep a partial copy beside it.
      await handle.close();
      await unlink(temp).catch(() => undefined);
      IN_FLIGHT.delete(temp);
      throw error;
    }
    await handle.close();
    return temp;
  }

  async function syncDir(path: string): Promise<void> {
    const handle = await open(dirname(path), "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  return {
    description: `file:${root}`,
    async get(key) {
      try {
        return new Uint8Array(await readBytes(pathOf(key)));
      } catch (error) {
        // A directory is a prefix of other keys, not an object; a file in the path means no such object.
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async put(key, body) {
      const path = pathOf(key);
      const durable = !isLockKey(key);
      const temp = await writeTemp(path, body, durable);
      try {
        await rename(temp, path);
      } finally {
        IN_FLIGHT.delete(temp);
      }
      if (durable) await syncDir(path);
    },
    async create(key, body) {
      const path = pathOf(key);
      const durable = !isLockKey(key);
      const temp = await writeTemp(path, body, durable);
      try {
        await link(temp, path);
        if (durable) await syncDir(path);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
        throw error;
      } finally {
        await unlink(temp).finally(() => IN_FLIGHT.delete(temp));
      }
    },
    async delete(key) {
      // A kill between writing a temp file and its rename leaves a copy of the object: gone with it.
      await removeLeftoverTempsOf(pathOf(key));
      try {
        await unlink(pathOf(key));
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },
    async list(prefix) {
      const out: string[] = [];
      // Walk only the deepest directory the prefix names, not the whole tree.
      const dirPart = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
      await walk(dirPart === "" ? root : pathOf(dirPart), out);
      return out
        .map((path) => relative(root, path).split(sep).join("/"))
        .filter((key) => key.startsWith(prefix) && !key.endsWith(".tmp"))
        .sort();
    },
  };
}

async function walk(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR")
      return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile()) out.push(path);
  }
}

/** Errors that mean "no object at this key" (a directory there is a prefix of other keys). */
function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
}
