import { joinPath, type ProblemList } from "./catalog-error.js";
import type { ParsedService } from "./parse-file.js";

interface Seen {
  readonly file: string;
  readonly path: string;
}

/**
 * Reports duplicate service ids, service names and plan ids across every catalog file (plan names
 * are checked per service while parsing). Each duplicate names where the value was first declared.
 */
export function checkUnique(services: readonly ParsedService[], problems: ProblemList): void {
  const serviceIds = new Map<string, Seen>();
  const serviceNames = new Map<string, Seen>();
  const planIds = new Map<string, Seen>();
  const check = (seen: Map<string, Seen>, value: string, here: Seen, what: string) => {
    if (!value) return;
    const first = seen.get(value);
    if (!first) {
      seen.set(value, here);
      return;
    }
    const where = first.file === here.file ? first.path : `${first.file}: ${first.path}`;
    problems.add(here.file, here.path, `must be unique: ${what} ${JSON.stringify(value)} is also declared at ${where}`);
  };
  for (const parsed of services) {
    const { file } = parsed;
    check(serviceIds, parsed.service.id, { file, path: joinPath(parsed.path, "id") }, "service id");
    check(serviceNames, parsed.service.name, { file, path: joinPath(parsed.path, "name") }, "service name");
    for (const { plan, path } of parsed.plans) {
      check(planIds, plan.id, { file, path: joinPath(path, "id") }, "plan id");
    }
  }
}
