import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { NAME_PATTERN } from "../../catalog/parse-plan.js";
import { CONFIG_HELP, parseCommandArgs } from "./args.js";
import { CliError, EXIT, type CliIo } from "./io.js";
import { scaffoldService } from "./service-scaffold.js";

export const NEW_HELP = `usage: openstack-broker new service <name>

Writes a working service to start from: CATALOG_DIR/<name>.yaml (fresh UUIDs), and
STACKS_DIR/<name>/ with the construct (index.ts), its README and a test on the simulator
(index.test.ts). Refuses a name that is not lowercase letters, digits and hyphens, or whose
files exist.

${CONFIG_HELP}`;

const PROJECT_ROOT = resolve(import.meta.dirname, "..", "..", "..");
const posix = (path: string) => path.split(sep).join("/");
const importPath = (path: string) => (path.startsWith(".") ? path : `./${path}`);

/** `openstack-broker new service <name>`. */
export async function newCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { options, positionals, config } = parseCommandArgs("new", args, {}, io, 2);
  if (options.help) return (void io.stdout.write(`${NEW_HELP}\n`), EXIT.ok);
  const [what, name] = positionals;
  if (what !== "service" || name === undefined)
    throw new CliError("new: usage: openstack-broker new service <name> (see 'openstack-broker new --help')");
  if (!NAME_PATTERN.test(name) || name.startsWith("_"))
    throw new CliError(`new service: name ${JSON.stringify(name)} must use only lowercase letters, digits and hyphens`);
  const catalogFile = join(config.catalogDir, `${name}.yaml`);
  const stackDir = join(config.stacksDir, name);
  for (const path of [catalogFile, stackDir])
    if (existsSync(path)) throw new CliError(`new service: ${relative(io.cwd, path)} exists; choose another name`);
  const files = scaffoldService({
    name,
    root: importPath(posix(relative(stackDir, PROJECT_ROOT)) || "."),
    catalogFromStack: posix(relative(stackDir, config.catalogDir)),
  });
  await mkdir(stackDir, { recursive: true });
  for (const [file, text] of Object.entries(files.stackFiles)) await writeFile(join(stackDir, file), text);
  await writeFile(catalogFile, files.catalogFile);
  const written = [catalogFile, ...Object.keys(files.stackFiles).map((f) => join(stackDir, f))];
  io.stdout.write(`${written.map((f) => `wrote ${relative(io.cwd, f)}`).join("\n")}\n`);
  return EXIT.ok;
}
