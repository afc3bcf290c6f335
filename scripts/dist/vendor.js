// The packages the ahead-of-time build (build.js) bundles into dist/vendor/, one ES module each.
import { join, relative } from "node:path";

/**
 * Packages the build bundles, each into one ES module (dist/vendor/<name>.js) with the same exports:
 * at start they were most of the files Node opens (cdktf 440 with its bundled dependencies,
 * prom-client with @opentelemetry/api 86, execa 107, @grpc/grpc-js 67). MUST be packages no other
 * package shares state with at run time (constructs, hono, protobufjs stay in node_modules).
 */
export const VENDORED = ["cdktf", "execa", "prom-client", "@grpc/grpc-js"];
/** Modules inside a vendored package the sources import: they become exports of its one module. */
export const VENDORED_SUBPATHS = { cdktf: ["cdktf/lib/synthesize/synthesizer.js"] };
/** Where a vendored package's module is, inside the build. */
export const vendorFile = (name) => `vendor/${name.replace("/", "__")}.js`;

/**
 * Modules inside a vendored package that its load requires but only calls no stack makes use: they
 * stay the package's own files in node_modules, required on first use (cdktf's private/fs zips assets
 * with archiver, ~60 ms of cdktf's evaluation, and runs itself as a script: it needs its __filename).
 */
const LAZY_REQUIRES = [{ importer: "/node_modules/cdktf/lib/", specifier: "./private/fs" }];

/** esbuild plugin: each LAZY_REQUIRES module becomes a function that requires it on first call or property read. */
function lazyRequirePlugin(vendorDir) {
  return {
    name: "lazy-require",
    setup(build) {
      build.onResolve({ filter: /^\.\/private\/fs$/ }, async (args) => {
        const lazy = LAZY_REQUIRES.some(
          (l) => l.specifier === args.path && args.importer.split("\\").join("/").includes(l.importer),
        );
        if (!lazy) return undefined;
        const { createRequire } = await import("node:module");
        const file = createRequire(args.importer).resolve(args.path);
        // Relative to dist/vendor/ (the banner's require resolves from there): the checkout may move.
        return { path: relative(vendorDir, file).split("\\").join("/"), namespace: "lazy-require" };
      });
      build.onLoad({ filter: /.*/, namespace: "lazy-require" }, (args) => ({
        // The path is kept in a variable: esbuild leaves the require to run time (the banner's).
        contents: `const file = ${JSON.stringify(args.path)};
let real;
const load = () => (real ??= require(file));
module.exports = new Proxy(function () {}, {
  apply: (_, self, params) => load().apply(self, params),
  get: (_, key) => load()[key],
});
`,
        loader: "js",
        resolveDir: vendorDir,
      }));
    },
  };
}

/** A package bundled into one ES module with the same named exports. */
export async function vendorPackage(root, vendorDir, name) {
  let contents;
  try {
    const { createRequire } = await import("node:module");
    const require = createRequire(join(root, "package.json"));
    contents = [name, ...(VENDORED_SUBPATHS[name] ?? [])]
      .map((specifier, i) => {
        const names = Object.keys(require(specifier)).filter((key) => key !== "default");
        return `import * as lib${i} from "${specifier}";\nexport const { ${names.join(", ")} } = lib${i};\n`;
      })
      .join("");
    contents += "export default lib0;\n";
  } catch (error) {
    if (error?.code !== "ERR_REQUIRE_ESM") throw error;
    contents = `export * from "${name}";\n`; // an ES module: esbuild keeps its exports
  }
  // Code that reads __dirname (grpc-js: its protos, when channelz or ORCA is used) gets its main module's.
  let main;
  try {
    const { createRequire } = await import("node:module");
    main = relative(vendorDir, createRequire(join(root, "package.json")).resolve(name))
      .split("\\")
      .join("/");
  } catch {
    // an ES module only package (execa): no __dirname in it
  }
  const paths =
    main === undefined
      ? ""
      : `\nconst __filename = decodeURIComponent(new URL(${JSON.stringify(main)}, import.meta.url).pathname);\nconst __dirname = __filename.replace(/\\/[^/]*$/, "");`;
  const { build } = await import("esbuild");
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "js" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node20",
    external: ["constructs"],
    plugins: [lazyRequirePlugin(vendorDir)],
    logLevel: "error",
    // CommonJS inside requires node's built-ins, constructs and optional packages: a real require.
    banner: {
      js: `import { createRequire as __osbCreateRequire } from "node:module";\nconst require = __osbCreateRequire(import.meta.url);${paths}`,
    },
  });
  return result.outputFiles[0].text;
}
