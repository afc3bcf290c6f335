/**
 * THE declarative table of the broker's configuration: every environment variable, its flag, its
 * default and its meaning. The flags (`serve` and the operator commands), `--help` and the README's
 * "Configuration" table are all derived from it (test/cli/config-table.test.ts keeps the README equal;
 * `npm run gen:config-table` rewrites it). A variable the broker reads MUST have a row here.
 */

/** One configuration variable. */
export interface ConfigOption {
  /** The environment variable. */
  readonly env: string;
  /**
   * Its flag: `--<kebab of env>`; `false` for values that MUST NOT be passed on a command line (a
   * secret shows in `ps` and shell history) or that terraform reads itself.
   */
  readonly flag?: false;
  /** `boolean`: a switch (`--simulate`, `--simulate=false`); else the flag takes a value. */
  readonly type: "string" | "boolean";
  /** The value's name in `--help` (`DIR`, `N`). */
  readonly value?: string;
  /** Which commands take the flag: `all` (serve and every operator command) or only `serve`. */
  readonly scope: "all" | "serve";
  /** The default as documented (markdown). */
  readonly default: string;
  /** One short line for `--help`. */
  readonly summary: string;
  /** The README's description (markdown); default: {@link summary}. */
  readonly meaning?: string;
}

const SIM = "([docs/simulator.md](docs/simulator.md))";
const CLOUDS = "([docs/clouds.md](docs/clouds.md))";

/** Every variable, in the README's order. */
export const CONFIG_OPTIONS: readonly ConfigOption[] = [
  {
    env: "PORT",
    type: "string",
    value: "N",
    scope: "serve",
    default: "`8080`",
    summary: "listen port (`0`: any free port)",
  },
  { env: "HOST", type: "string", value: "ADDR", scope: "serve", default: "`0.0.0.0`", summary: "listen address" },
  {
    env: "BROKER_USERNAME",
    type: "string",
    value: "NAME",
    scope: "serve",
    default: "`broker`",
    summary: "basic-auth user platforms register with",
  },
  {
    env: "BROKER_PASSWORD",
    flag: false,
    type: "string",
    scope: "serve",
    default: "generated",
    summary: "basic-auth password",
    meaning:
      "basic-auth password; when unset one is generated and printed once (never an open broker); no flag: a command line shows in `ps`",
  },
  {
    env: "CATALOG_DIR",
    type: "string",
    value: "DIR",
    scope: "all",
    default: "`./catalog`",
    summary: "`*.yaml` catalog files",
    meaning: "`*.yaml` catalog files (validated at start-up; errors name file and field)",
  },
  {
    env: "STACKS_DIR",
    type: "string",
    value: "DIR",
    scope: "all",
    default: "`./stacks`",
    summary: "one folder per service construct",
  },
  {
    env: "RESOURCE_SERVICES",
    type: "string",
    value: "LIST",
    scope: "all",
    default: "unset (none)",
    summary: "generated resource services: `all`, families, types or service names",
    meaning:
      "generated resource services beside the catalog, one per OpenStack resource type: `all`, families (`networking`), types or service names, comma-separated ([docs/resource-services.md](docs/resource-services.md))",
  },
  {
    env: "STATE_DIR",
    type: "string",
    value: "DIR",
    scope: "all",
    default: "`./state`",
    summary: "the embedded state store: terraform states, records, operation logs",
  },
  {
    env: "WORK_DIR",
    type: "string",
    value: "DIR",
    scope: "all",
    default:
      "`/dev/shm/openstack-broker-work-<uid>` when `/dev/shm` is a writable tmpfs with 32 MiB free, else `$TMPDIR/openstack-broker-work`",
    summary: "per-run terraform working directories (in memory by default)",
    meaning:
      "per-run terraform working directories, in memory by default: `terraform.tfvars.json` (request secrets) and the run's clouds.yaml are there while terraform runs. Removed after each run and at start (after the terraform processes a killed broker left there are ended: [state.md](docs/state.md#after-a-crash)); not shared between brokers; it also holds one initialised `.terraform` per kind of stack (`.terraform-init/`, emptied at start)",
  },
  {
    env: "TERRAFORM_BIN",
    type: "string",
    value: "BIN",
    scope: "all",
    default: "`terraform`",
    summary: "terraform or `tofu`",
  },
  {
    env: "TF_PLUGIN_CACHE_DIR",
    type: "string",
    value: "DIR",
    scope: "all",
    default: "`$TMPDIR/openstack-broker-plugin-cache`",
    summary: "one provider cache shared by all runs",
  },
  {
    env: "TF_CLI_CONFIG_FILE",
    flag: false,
    type: "string",
    scope: "all",
    default: "unset",
    summary: "honoured: provider mirrors for air-gapped clouds",
  },
  {
    env: "CONCURRENCY",
    type: "string",
    value: "N",
    scope: "serve",
    default: "4 per core, 4 to 32 (`8` on 2 cores)",
    summary: "operations running at once (at most one per instance)",
    meaning:
      "operations running at once (at most one per instance); terraform runs at a lower priority than the broker (`TERRAFORM_NICENESS`), so polls stay fast while they run",
  },
  {
    env: "TERRAFORM_NICENESS",
    type: "string",
    value: "N",
    scope: "all",
    default: "`10`",
    summary:
      "terraform (and its providers) run this much nicer than the broker, 0-19 (`0`: same priority); its autogroup too, so the scheduler honours it",
  },
  {
    env: "TERRAFORM_SPAWN_HELPER",
    type: "boolean",
    scope: "serve",
    default: "`true`",
    summary: "`serve` starts terraform from a small helper process, so no fork of the broker blocks its event loop",
    meaning:
      "`true`: `serve` starts terraform from a small helper process (about 50 MB, its forks cheap), which writes its process record and relays its output and exit, so no fork of the broker blocks its event loop; `false`: the broker forks terraform itself (about 5 ms of the broker's CPU per start). One-shot CLI commands always fork it themselves",
  },
  {
    env: "OPERATION_TIMEOUT_SECONDS",
    type: "string",
    value: "N",
    scope: "serve",
    default: "`3600`",
    summary: "limit per operation; then terraform is interrupted and the operation fails",
  },
  {
    env: "PREVIEW_CONCURRENCY",
    type: "string",
    value: "N",
    scope: "all",
    default: "`2`",
    summary: "read-only plans at once (update checks, previews, `plan`), apart from CONCURRENCY",
    meaning:
      "read-only plans at once — an update's destructive-change check, `POST /x-preview`, `plan` — counted apart from `CONCURRENCY` (a plan never waits behind an apply; at most `CONCURRENCY` + `PREVIEW_CONCURRENCY` terraform runs); one more is refused at once: a PATCH with 503, a preview with 429",
  },
  {
    env: "PREVIEW_TIMEOUT_SECONDS",
    type: "string",
    value: "N",
    scope: "all",
    default: "`45`",
    summary: "limit per such plan; then terraform is interrupted",
    meaning:
      "limit per such plan, below a platform's usual 60 s request timeout; then terraform is interrupted and the request answers 422 naming the variable",
  },
  {
    env: "KILL_GRACE_SECONDS",
    type: "string",
    value: "N",
    scope: "all",
    default: "`10`",
    summary: "SIGINT first; SIGKILL after this grace",
    meaning:
      "SIGINT first; SIGKILL after this grace. Also at start: the terraform processes a killed broker process left get SIGTERM, then SIGKILL after this grace",
  },
  {
    env: "SHUTDOWN_GRACE_SECONDS",
    type: "string",
    value: "N",
    scope: "serve",
    default: "`60`",
    summary: "on SIGTERM, how long running operations get to finish",
    meaning:
      "on SIGTERM the broker drains: new PUT/PATCH/DELETE get 503 with `Retry-After`, `/readyz` answers 503, running operations get this long to finish; then terraform gets SIGINT (SIGKILL after `KILL_GRACE_SECONDS`), the leases are released (the next start resumes them) and the broker exits 0. Keep it plus `KILL_GRACE_SECONDS` below the pod's `terminationGracePeriodSeconds` ([docs/deploy.md](docs/deploy.md#health-metrics-and-shutdown))",
  },
  {
    env: "METRICS_USERNAME",
    type: "string",
    value: "NAME",
    scope: "serve",
    default: "the broker's user",
    summary: "basic-auth user of `GET /metrics` (with `METRICS_PASSWORD`)",
    meaning:
      "basic auth of `GET /metrics`, with `METRICS_PASSWORD` (both or neither; neither: the broker's credentials); `GET /healthz` and `GET /readyz` need none",
  },
  {
    env: "METRICS_PASSWORD",
    flag: false,
    type: "string",
    scope: "serve",
    default: "the broker's password",
    summary: "basic-auth password of `GET /metrics` (with `METRICS_USERNAME`)",
    meaning: "basic-auth password of `GET /metrics`, with `METRICS_USERNAME`; no flag: a command line shows in `ps`",
  },
  {
    env: "STATE_BACKEND_URL",
    type: "string",
    value: "URL",
    scope: "serve",
    default: "`http://127.0.0.1:$PORT`",
    summary: "how terraform reaches the broker's state backend",
  },
  {
    env: "SIMULATE",
    type: "boolean",
    scope: "all",
    default: "unset: a cloud when one is configured, else the simulator",
    summary: "true: always the built-in simulator; false: never (the image sets it)",
    meaning: `\`true\`: OpenStack stacks always run against the built-in simulator ${SIM}; \`false\`: never (no cloud configured is a start-up error; the image sets it); unset: a clouds.yaml found where the loader looks (\`OS_CLIENT_CONFIG_FILE\`, \`./\`, \`~/.config/openstack\`, \`/etc/openstack\`) is used — its only entry, or the one \`OS_CLOUD\`/\`DEFAULT_CLOUD\` names (several and no name: a start-up error naming them) — and with no clouds.yaml, \`OS_CLOUD\` or \`OS_AUTH_URL\` the simulator runs with a warn-level log line on every start`,
  },
  {
    env: "SIMULATOR_DIR",
    type: "string",
    value: "DIR",
    scope: "all",
    default: "`$STATE_DIR/simulated-cloud`",
    summary: "the simulated cloud's resources",
  },
  {
    env: "SIMULATOR_MODE",
    type: "string",
    value: "MODE",
    scope: "all",
    default: "`reattach`",
    summary: "reattach (fast, in-process) or launched (terraform launches it, as the real provider)",
    meaning:
      "how terraform reaches the simulator: `reattach` (fast: one provider in the broker's process, which sees only the provider block) or `launched` (terraform installs it from a filesystem mirror and launches it for each command like the real provider, so the run's clouds.yaml, secure.yaml and `OS_*` are resolved as gophercloud does; no plugin cache for these runs) ([docs/simulator.md](docs/simulator.md#the-broker-simulator_mode))",
  },
  {
    env: "STATE_STORE",
    type: "string",
    value: "KIND",
    scope: "all",
    default: "`file`",
    summary: "`file` (the directory `STATE_DIR`) or `swift`",
    meaning: "`file` (the directory `STATE_DIR`) or `swift` ([docs/state.md](docs/state.md))",
  },
  {
    env: "STATE_CLOUD",
    type: "string",
    value: "NAME",
    scope: "all",
    default: "`OS_CLOUD`",
    summary: "the clouds.yaml entry whose Swift holds the state",
    meaning: "the clouds.yaml entry whose Swift holds the state (may differ from the resources' cloud)",
  },
  {
    env: "STATE_CONTAINER",
    type: "string",
    value: "NAME",
    scope: "all",
    default: "`openstack-broker-state`",
    summary: "the Swift container of the state",
  },
  {
    env: "STATE_PREFIX",
    type: "string",
    value: "PREFIX",
    scope: "all",
    default: "none",
    summary: "an object name prefix in that container",
  },
  {
    env: "STATE_ENCRYPTION_KEYS",
    flag: false,
    type: "string",
    scope: "all",
    default: "unset",
    summary: "`id:base64-32-bytes,...`: AES-256-GCM at rest",
    meaning:
      "`id:base64-32-bytes,...`: AES-256-GCM at rest, the first key for new writes, all for reads; required for Swift unless `STATE_PLAINTEXT=true`; `openstack-broker reencrypt` rotates; no flag (a secret)",
  },
  {
    env: "STATE_ENCRYPTION_KEYS_FILE",
    type: "string",
    value: "FILE",
    scope: "all",
    default: "unset",
    summary: "a file holding `STATE_ENCRYPTION_KEYS`",
  },
  {
    env: "STATE_PLAINTEXT",
    type: "boolean",
    scope: "all",
    default: "`false`",
    summary: "allow a Swift store without encryption keys",
  },
  {
    env: "STATE_ACCEPT_PLAINTEXT",
    type: "boolean",
    scope: "all",
    default: "`false`",
    summary: "read objects written before encryption was turned on",
  },
  {
    env: "LOG_LEVEL",
    type: "string",
    value: "LEVEL",
    scope: "all",
    default: "`info`",
    summary: "pino level: trace, debug, info, warn, error, fatal or silent",
  },
  {
    env: "BROKER_ID",
    type: "string",
    value: "ID",
    scope: "serve",
    default: "host name",
    summary: "this broker as owner of operation leases; unique per broker process sharing a store",
  },
  {
    env: "DRIFT_INTERVAL",
    type: "string",
    value: "N",
    scope: "serve",
    default: "`0`",
    summary: "seconds between drift checks of every instance; `0`: never",
    meaning:
      "seconds between drift checks of every instance (`terraform plan -refresh-only`, never an apply; results in GET instance's `metadata.attributes.drift`, `openstack-broker drift`); `0`: never ([docs/osb.md](docs/osb.md))",
  },
  {
    env: "LEASE_TTL_SECONDS",
    type: "string",
    value: "N",
    scope: "serve",
    default: "`30`",
    summary: "another broker takes over an operation whose lease was not renewed for this long",
    meaning:
      "a broker renews the lease of each operation it runs; another broker takes over an operation whose lease was not renewed for this long",
  },
  {
    env: "RETENTION_HOURS",
    type: "string",
    value: "N",
    scope: "serve",
    default: "`168` (7 days)",
    summary: "a deleted instance's records and logs are removed this long after its deprovision (`0`: never)",
    meaning:
      "this long after a successful deprovision, the instance's operation records and logs and its bindings' records are removed from the store (checked hourly; likewise a live instance's unbound bindings); a small tombstone (the instance record without parameters or outputs, and the deprovision) stays so OSB answers 410; `0`: keep everything ([docs/state.md](docs/state.md))",
  },
  {
    env: "OS_CLOUD",
    flag: false,
    type: "string",
    scope: "all",
    default: "unset",
    summary: "the clouds.yaml entry to use, as for the openstack client",
  },
  {
    env: "OS_AUTH_URL",
    flag: false,
    type: "string",
    scope: "all",
    default: "unset",
    summary: "a cloud given by `OS_*` variables alone (no clouds.yaml): set, the broker never simulates",
  },
  {
    env: "OS_CLIENT_CONFIG_FILE",
    flag: false,
    type: "string",
    scope: "all",
    default: "unset",
    summary: "the clouds.yaml file (else the usual search path)",
  },
  {
    env: "OS_CLIENT_SECURE_FILE",
    flag: false,
    type: "string",
    scope: "all",
    default: "unset",
    summary: "the secure.yaml file next to it",
  },
  {
    env: "DEFAULT_CLOUD",
    type: "string",
    value: "NAME",
    scope: "all",
    default: "`OS_CLOUD`",
    summary: "the clouds.yaml entry of instances nothing else routes",
    meaning: `the clouds.yaml entry of instances no plan pin, request or mapping routes elsewhere ${CLOUDS}`,
  },
  {
    env: "CLOUD_MAPPING_FILE",
    type: "string",
    value: "FILE",
    scope: "all",
    default: "unset",
    summary: "YAML rules from the platform context to a clouds.yaml entry",
    meaning: `YAML rules from the platform context (Kubernetes namespace, Cloud Foundry org/space) to a clouds.yaml entry ${CLOUDS}`,
  },
];

/** `STATE_DIR` → `state-dir`; undefined for a variable without a flag. */
export function flagName(option: ConfigOption): string | undefined {
  return option.flag === false ? undefined : option.env.toLowerCase().replace(/_/g, "-");
}

/** The options whose flag a command takes (`serve`: all of them). */
export function optionsFor(command: "serve" | "tool"): readonly ConfigOption[] {
  return CONFIG_OPTIONS.filter((o) => flagName(o) !== undefined && (command === "serve" || o.scope === "all"));
}

const plain = (markdown: string) => markdown.replace(/`/g, "");

/** The `--help` lines of these options: `  --state-dir DIR        STATE_DIR (default ./state): ...`. */
export function renderOptionsHelp(options: readonly ConfigOption[]): string {
  const rows = options.map((o) => [`--${flagName(o)}${o.value ? ` ${o.value}` : ""}`, o] as const);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows
    .map(([left, o]) => `  ${left.padEnd(width)}${o.env} (default ${plain(o.default)}): ${plain(o.summary)}`)
    .join("\n");
}

/** The README's configuration table (markdown). */
export function renderConfigTable(): string {
  const lines = ["| variable | flag | default | meaning |", "|---|---|---|---|"];
  for (const o of CONFIG_OPTIONS) {
    const flag = flagName(o);
    lines.push(`| \`${o.env}\` | ${flag ? `\`--${flag}\`` : "none"} | ${o.default} | ${o.meaning ?? o.summary} |`);
  }
  return lines.join("\n");
}
