import { createHash, randomBytes } from "node:crypto";
import { cp, mkdir, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { TerraformError } from "../terraform/types.js";

/**
 * `terraform init` once per kind of stack (issue 16 item 1). What init leaves in a working directory —
 * `.terraform/` (the backend's settings, the providers, as links into TF_PLUGIN_CACHE_DIR when it is
 * set) and `.terraform.lock.hcl` — depends only on the configuration's `terraform` and `module` blocks
 * and on terraform's environment, never on a stack's variables or state. So the first workspace of a
 * kind runs init and its result is kept as a template (`<workDir>/.terraform-init/<key>`); the next
 * workspaces of that kind get a copy and skip init. The http backend's address and credentials come
 * from the environment per run (TF_HTTP_*) and are not part of what init stores, so a template serves
 * every instance and binding. The broker empties its WORK_DIR at start, so templates never outlive the
 * process that made them (a restart inits again).
 */

/** Options of {@link createInitCache}. */
export interface InitCacheOptions {
  /** Where templates live: a folder of the broker's WORK_DIR (private to this process). */
  readonly dir: string;
}

/** Makes a working directory initialised: from a template, or by running init (and keeping the result). */
export interface InitCache {
  /**
   * Makes `cwd` (holding the synthesized `config`, terraform to run with `env`) initialised: copies the
   * template of its kind, or runs `init` and keeps what it made as the template. Returns whether a
   * template was used (then a command that reports the directory not initialised MUST go through
   * {@link InitCache.retry}).
   */
  prepare(
    cwd: string,
    config: Readonly<Record<string, unknown>>,
    env: Readonly<Record<string, string>>,
    init: () => Promise<unknown>,
  ): Promise<boolean>;
  /**
   * Runs `command`; when a copied template turns out unusable (terraform asks for `terraform init`:
   * the plugin cache was emptied, terraform changed...), forgets the template, runs `init` in the
   * directory and `command` once more. Such errors happen before terraform changes anything.
   */
  retry<T>(
    reused: boolean,
    cwd: string,
    config: Readonly<Record<string, unknown>>,
    env: Readonly<Record<string, string>>,
    init: () => Promise<unknown>,
    command: () => Promise<T>,
  ): Promise<T>;
}

/** The folder of the templates in WORK_DIR. */
export const INIT_CACHE_DIR = ".terraform-init";
/** What init writes into a working directory. */
const INIT_FILES = [".terraform", ".terraform.lock.hcl"];
/** Terraform's messages for a directory that needs `terraform init`. */
const NEEDS_INIT =
  /Backend initialization required|Required plugins are not installed|Inconsistent dependency lock file|Module not installed|Backend configuration changed|Missing required provider/i;

export function createInitCache(options: InitCacheOptions): InitCache {
  /** Template folder by key, once made (a promise while the first init of the kind runs). */
  const templates = new Map<string, Promise<string | undefined>>();

  const copyInto = async (template: string, cwd: string) => {
    for (const name of await readdir(template))
      await cp(join(template, name), join(cwd, name), { recursive: true, verbatimSymlinks: true });
  };

  /** Keeps what init made in `cwd` as the template `key`: copied aside, then renamed into place. */
  const keep = async (key: string, cwd: string): Promise<string> => {
    const target = join(options.dir, key);
    const staging = `${target}.${randomBytes(4).toString("hex")}.tmp`;
    await mkdir(staging, { recursive: true, mode: 0o700 });
    const present = new Set(await readdir(cwd));
    for (const name of INIT_FILES)
      if (present.has(name))
        await cp(join(cwd, name), join(staging, name), { recursive: true, verbatimSymlinks: true });
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
    return target;
  };

  const runInit = async (key: string, cwd: string, init: () => Promise<unknown>): Promise<void> => {
    let made!: (template: string | undefined) => void;
    const pending = new Promise<string | undefined>((resolve) => (made = resolve));
    templates.set(key, pending);
    try {
      await init();
      made(await keep(key, cwd).catch(() => undefined));
    } catch (error) {
      made(undefined);
      throw error;
    } finally {
      // A failed init or an unkept template MUST not be reused: the next workspace inits again.
      if ((await pending) === undefined && templates.get(key) === pending) templates.delete(key);
    }
  };

  const prepare: InitCache["prepare"] = async (cwd, config, env, init) => {
    const key = initKey(config, env);
    const template = await templates.get(key);
    if (template !== undefined) {
      try {
        await copyInto(template, cwd);
        return true;
      } catch {
        templates.delete(key);
        for (const name of INIT_FILES) await rm(join(cwd, name), { recursive: true, force: true });
      }
    }
    await runInit(key, cwd, init);
    return false;
  };

  return {
    prepare,
    async retry(reused, cwd, config, env, init, command) {
      try {
        return await command();
      } catch (error) {
        if (!reused || !needsInit(error)) throw error;
        const key = initKey(config, env);
        templates.delete(key);
        for (const name of INIT_FILES) await rm(join(cwd, name), { recursive: true, force: true });
        await runInit(key, cwd, init);
        return command();
      }
    },
  };
}

/** Whether terraform refused to run because the directory needs `terraform init`. */
function needsInit(error: unknown): boolean {
  if (!(error instanceof TerraformError)) return false;
  return [error.message, ...error.diagnostics.flatMap((d) => [d.summary, d.detail])].some((t) => NEEDS_INIT.test(t));
}

/**
 * The kind of a stack as init sees it: its `terraform` and `module` blocks and terraform's environment
 * but the http backend's per-run address and credentials. MUST include everything init's result
 * depends on (a provider mirror, the CLI configuration, the plugin cache...); it is a hash, so a
 * secret in the environment is never stored.
 */
export function initKey(config: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string>>): string {
  const relevant = Object.entries(env)
    .filter(([name]) => !name.startsWith("TF_HTTP_"))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = JSON.stringify([config.terraform ?? null, config.module ?? null, relevant]);
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}
