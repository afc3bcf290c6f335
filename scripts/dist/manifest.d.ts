/** What {@link checkBuild} finds: the compiled sources (relative to the root), or why the build is not used. */
export type BuildCheck =
  | { readonly fresh: true; readonly sources: readonly string[]; readonly id: string }
  | { readonly fresh: false; readonly reason: string };
export const MANIFEST: string;
export const FORMAT: number;
export const SOURCE_DIRS: readonly string[];
export const EXTRA_INPUTS: readonly string[];
export function distDir(root: string, env?: Readonly<Record<string, string | undefined>>): string;
export function outputOf(dist: string, source: string): string;
export function fingerprint(file: string): [number, number] | undefined;
export function checkBuild(root: string, dist: string): BuildCheck;
