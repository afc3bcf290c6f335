/** Compiles `root`'s sources into `outDir` (default: dist/); returns how many. See build.js. */
export function buildDist(options: { readonly root: string; readonly outDir?: string }): Promise<number>;
