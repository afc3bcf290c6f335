import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TfObject } from "./msgpack-values.js";

/** One resource living in the simulated cloud. */
export interface CloudResource {
  /** Terraform resource type, e.g. `openstack_compute_instance_v2`. */
  readonly type: string;
  readonly id: string;
  /** The attributes as terraform last saw them (no unknowns). */
  readonly state: TfObject;
  readonly createdAt: string;
  /**
   * Top-level arguments as the service received them where terraform's state holds something else
   * (a StateFunc: Nova gets the user data, the state keeps its SHA-1). Absent: nothing differs.
   */
  readonly received?: TfObject;
  /** Hashes of the sensitive attributes the state at rest drops (sensitive-values.ts `secretVerifiers`), to check a login. */
  readonly verifiers?: Readonly<Record<string, string>>;
}

/** Options of {@link createCloudStore}. */
export interface CloudStoreOptions {
  /** The cloud's folder: resources/, counters.json, settings.json. Shared by every provider process. */
  readonly dir: string;
  /** A lock older than this is considered abandoned by a crashed process. Default 10 s. */
  readonly staleLockMs?: number;
}

/**
 * The persistent store behind the simulated cloud: one JSON file per resource (atomic rename), so
 * several provider processes and in-process servers share one cloud. Mutations that must be
 * consistent across processes (quota checks, counters) run inside `withLock`.
 */
export interface CloudStore {
  readonly dir: string;
  get(type: string, id: string): Promise<CloudResource | undefined>;
  list(type?: string): Promise<CloudResource[]>;
  put(resource: CloudResource): Promise<void>;
  /** Removes a resource; false when it did not exist. */
  delete(type: string, id: string): Promise<boolean>;
  /** Runs `fn` holding the cloud's lock (in-process queue plus a lock directory across processes). */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Increments and returns a named counter (from 1). MUST be called inside `withLock`. */
  nextCounter(name: string): Promise<number>;
}

// Resource files are small: synchronous IO is faster than queueing on libuv's thread pool, and it
// keeps one RPC from waiting behind the file operations of ten parallel ones.
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates (lazily, on first write) a store in `options.dir`. */
export function createCloudStore(options: CloudStoreOptions): CloudStore {
  const { dir } = options;
  const staleLockMs = options.staleLockMs ?? 10_000;
  const resourcesDir = join(dir, "resources");
  const lockDir = join(dir, ".lock");
  const fileOf = (type: string, id: string) => join(resourcesDir, type, `${encodeURIComponent(id)}.json`);
  let queue: Promise<unknown> = Promise.resolve();

  const made = new Set<string>();
  const ensureDir = (path: string) => {
    if (!made.has(path)) mkdirSync(path, { recursive: true });
    made.add(path);
  };
  const list = (path: string): string[] => {
    try {
      return readdirSync(path);
    } catch {
      return [];
    }
  };

  async function acquire(): Promise<void> {
    ensureDir(dir);
    for (let attempt = 0; ; attempt++) {
      try {
        mkdirSync(lockDir);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        let age = 0;
        try {
          age = Date.now() - statSync(lockDir).mtimeMs;
        } catch {
          continue; // released meanwhile
        }
        if (age > staleLockMs) rmSync(lockDir, { recursive: true, force: true });
        await sleep(Math.min(1 + attempt, 10));
      }
    }
  }

  function listType(type: string): CloudResource[] {
    return list(join(resourcesDir, type))
      .filter((name) => name.endsWith(".json"))
      .map((name) => readJson<CloudResource>(join(resourcesDir, type, name)))
      .filter((item): item is CloudResource => item !== undefined);
  }

  return {
    dir,
    get: async (type, id) => readJson<CloudResource>(fileOf(type, id)),
    async list(type) {
      if (type) return listType(type);
      return list(resourcesDir).flatMap(listType);
    },
    async put(resource) {
      ensureDir(join(resourcesDir, resource.type));
      writeAtomic(fileOf(resource.type, resource.id), JSON.stringify(resource));
    },
    async delete(type, id) {
      try {
        unlinkSync(fileOf(type, id));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
        throw error;
      }
    },
    withLock<T>(fn: () => Promise<T>): Promise<T> {
      const run = queue.then(async () => {
        await acquire();
        try {
          return await fn();
        } finally {
          rmSync(lockDir, { recursive: true, force: true });
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async nextCounter(name) {
      const file = join(dir, "counters.json");
      const counters = readJson<Record<string, number>>(file) ?? {};
      counters[name] = (counters[name] ?? 0) + 1;
      writeAtomic(file, JSON.stringify(counters));
      return counters[name];
    },
  };
}
