import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Keys of checks that passed, kept between starts (issue 16 item 5): a check whose key is here is not
 * redone at start. A key MUST be a hash of every input the check's outcome depends on, so a kept
 * verdict is the verdict the check would give now; only passes are kept, a failure is always redone.
 */
export interface VerdictCache {
  has(key: string): boolean;
  add(key: string): void;
  /** Writes the new keys (atomically; a failure to write only costs the next start the checks). */
  save(): void;
}

/** At most this many keys are kept per cache (the newest). */
const MAX_KEYS = 4000;

/** The cache folder: node_modules/.cache/openstack-broker in the checkout. */
export const VERDICT_CACHE_DIR = join(import.meta.dirname, "..", "..", "node_modules", ".cache", "openstack-broker");

/** The cache `<dir>/<name>.json` (read once, now). */
export function openVerdictCache(name: string, dir: string = VERDICT_CACHE_DIR): VerdictCache {
  const file = join(dir, `${name}.json`);
  let keys: string[] = [];
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (Array.isArray(parsed)) keys = parsed.filter((k): k is string => typeof k === "string");
  } catch {
    // none yet, or unreadable: every check runs
  }
  const known = new Set(keys);
  const added: string[] = [];
  return {
    has: (key) => known.has(key),
    add(key) {
      if (known.has(key)) return;
      known.add(key);
      added.push(key);
    },
    save() {
      if (added.length === 0) return;
      const all = [...keys, ...added].slice(-MAX_KEYS);
      try {
        mkdirSync(dir, { recursive: true });
        const tmp = `${file}.tmp-${process.pid}-${randomUUID()}`;
        writeFileSync(tmp, JSON.stringify(all));
        renameSync(tmp, file);
        keys = all;
        added.length = 0;
      } catch {
        // a read-only checkout (the container image): the checks just run at each start
      }
    },
  };
}
