import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * How the ahead-of-time build (scripts/dist/build.js) loads stacks: set by bin/openstack-broker.js
 * when it runs dist/. Without it (tsx, vitest) a stack's `index.ts` is imported as it is.
 */
export interface CompiledModules {
  /** The build's identity (a hash of its manifest: every source's size and mtime). */
  readonly buildId: string;
  /** The compiled file of a source (an absolute path), when the build has it. */
  compiledOf(file: string): string | undefined;
  /** Registers tsx's loader, once: a stack the build does not have (a platform engineer's) is TypeScript. */
  registerTypeScript(): Promise<void>;
}

let compiled: CompiledModules | undefined;

/** Called by bin/openstack-broker.js before the build's command line is loaded (undefined: none, tests). */
export function useCompiledModules(modules: CompiledModules | undefined): void {
  compiled = modules;
}

/**
 * Imports a stack's module: its compiled file when the running build has one, else the file itself
 * (tsx registered first when the broker runs from the build). MUST never import a stale compiled
 * stack: the build is only used while its manifest matches the sources (scripts/dist/manifest.js).
 */
export async function importStack(file: string): Promise<Record<string, unknown>> {
  const path = resolve(file);
  const built = compiled?.compiledOf(path);
  if (built !== undefined) return (await import(pathToFileURL(built).href)) as Record<string, unknown>;
  if (compiled !== undefined && path.endsWith(".ts")) await compiled.registerTypeScript();
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

/**
 * The identity of the build `file` (a stack's index.ts) was loaded from, or undefined when it was
 * not (tsx, vitest, a stack outside the build): what a kept check of the stack is keyed by.
 */
export function buildOf(file: string): string | undefined {
  if (compiled === undefined || compiled.compiledOf(resolve(file)) === undefined) return undefined;
  return compiled.buildId;
}
