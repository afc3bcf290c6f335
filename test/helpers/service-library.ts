import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCatalog } from "../../src/catalog/load-catalog.js";
import type { PlanDefinition, ServiceOffering } from "../../src/domain/service-catalog.js";
import { ROOT } from "./broker-fixture.js";
import { generatePluginCertificate } from "../../src/simulator/tls-cert.js";

/**
 * The shipped service library (catalog/ and stacks/) as the broker-level tests drive it: every plan,
 * the request parameters a plan needs beyond its defaults, and the credential keys each construct's
 * README documents. Shared by test/broker/service-library.test.ts (reattach) and
 * service-library-launched.test.ts.
 */
export const catalog = await loadCatalog({ catalogDir: join(ROOT, "catalog"), stacksDir: join(ROOT, "stacks") });

/** One plan of the library. */
export interface LibraryPlan {
  readonly service: ServiceOffering;
  readonly plan: PlanDefinition;
  /** `service/plan`. */
  readonly name: string;
  /** The instance id the tests use for it. */
  readonly id: string;
}

export const plans: readonly LibraryPlan[] = catalog.services.flatMap((service) =>
  service.plans.map((plan) => {
    const name = `${service.name}/${plan.name}`;
    return { service, plan, name, id: name.replace(/[^a-z0-9]+/g, "-") };
  }),
);

const template = `heat_template_version: 2018-08-31
resources:
  port: {type: OS::Neutron::Port, properties: {network: private}}
outputs:
  host: {value: {get_attr: [port, fixed_ips, 0, ip_address]}}
`;

const tls = generatePluginCertificate();
/** An uploaded certificate, key and chain for barbican-certificate (real PEMs). */
const TLS_MATERIAL = {
  certificate: tls.certPem,
  private_key: tls.keyPem,
  intermediates: generatePluginCertificate().certPem,
};

/** Parameters a plan requires that it has no default for. */
export const EXAMPLES: Readonly<
  Record<string, { readonly parameters?: Record<string, unknown>; readonly bind?: Record<string, unknown> }>
> = {
  "barbican-certificate/ingress": { parameters: TLS_MATERIAL },
  "barbican-certificate/reference": { parameters: TLS_MATERIAL },
  "designate-zone/primary": { parameters: { zone: "apps.example.com.", email: "dns-admin@example.com" } },
  "designate-zone/secondary": { parameters: { zone: "legacy.example.com.", masters: ["192.0.2.53"] } },
  "heat-stack/custom": { parameters: { template } },
  "manila-share/nfs": { bind: { access_to: "10.244.0.0/16" } },
  // The simulator's inventory zone (src/simulator/inventory.ts): a zone that exists before any stack.
  "designate-recordset/standard": {
    parameters: {
      zone: "apps.simulator.example.",
      name: "www.apps.simulator.example.",
      type: "A",
      records: ["192.0.2.10"],
    },
  },
};

/**
 * The credential keys the plan's construct README documents (its `## Credentials` table): every
 * backticked key of the first column, for the rows whose `Plans` column (when there is one) says
 * `all` or names the plan, minus rows marked `(not <Service>)` for a service whose name holds that
 * word (trove-database: `(not Redis)`).
 */
export function documentedCredentialKeys(plan: PlanDefinition, service: ServiceOffering): string[] {
  const readme = readFileSync(join(ROOT, "stacks", plan.stack, "README.md"), "utf8");
  const start = readme.search(/^## Credentials/m);
  if (start < 0) throw new Error(`stacks/${plan.stack}/README.md has no "## Credentials" section`);
  const rest = readme.slice(start + 1);
  const end = rest.search(/^## /m);
  const rows = (end < 0 ? rest : rest.slice(0, end))
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map(cells);
  const [header, , ...body] = rows;
  const plansColumn = header.findIndex((cell) => /^plans?$/i.test(cell));
  const keys: string[] = [];
  for (const row of body) {
    if (plansColumn >= 0) {
      const names = row[plansColumn].split(/[\s,]+/).map((name) => name.replace(/`/g, ""));
      if (!names.includes("all") && !names.includes(plan.name)) continue;
    }
    const excluded = [...row.join(" ").matchAll(/\(not (\w+)\)/gi)].some((m) =>
      service.name.includes(m[1].toLowerCase()),
    );
    if (excluded) continue;
    keys.push(...[...row[0].matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]));
  }
  if (keys.length === 0)
    throw new Error(`stacks/${plan.stack}/README.md documents no credential key for ${service.name}/${plan.name}`);
  return [...new Set(keys)];
}

/** The keys that are absent, null, "" or an empty list / map in `credentials`. */
export function missingCredentials(credentials: Readonly<Record<string, unknown>>, keys: readonly string[]): string[] {
  return keys.filter((key) => {
    const value = credentials[key];
    if (value === undefined || value === null || value === "") return true;
    return typeof value === "object" && Object.keys(value).length === 0;
  });
}

function cells(line: string): string[] {
  return line
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((cell) => cell.trim());
}
