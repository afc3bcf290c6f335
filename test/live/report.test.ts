import { describe, expect, it } from "vitest";
import type { PlanResult } from "./lifecycle.js";
import type { Preflight } from "./preflight.js";
import {
  createRedactor,
  formatDuration,
  formatHeader,
  formatLeftovers,
  formatPreflight,
  formatResults,
  formatVerdict,
} from "./report.js";

const notReady: Preflight = {
  ready: false,
  checks: [
    { name: "terraform", ok: true, detail: "1.11.4 (terraform)" },
    {
      name: "provider",
      ok: true,
      detail:
        "Installed provider version: terraform-provider-openstack/openstack v3.4.0 (signed by a HashiCorp partner)",
    },
    {
      name: "clouds.yaml",
      ok: true,
      detail:
        'cloud "prod" from /etc/openstack/clouds.yaml: password auth at keystone.example:5000, region RegionOne, public endpoints',
    },
  ],
  plans: [
    {
      name: "nova-vm/small",
      ok: true,
      problems: [],
      creates: { openstack_compute_instance_v2: 1, openstack_compute_keypair_v2: 1 },
      credentials: ["host"],
    },
    {
      name: "trove-mysql/small",
      ok: false,
      problems: ["terraform plan: Your query returned no results. (data.openstack_compute_flavor_v2.flavor)"],
      creates: {},
      credentials: [],
    },
    {
      name: "heat-stack/custom",
      ok: false,
      problems: ['parameter "template" is required', "second problem"],
      creates: {},
      credentials: [],
    },
    {
      name: "swift-container/s3",
      ok: true,
      problems: [],
      creates: { openstack_objectstorage_container_v1: 2, openstack_identity_ec2_credential_v3: 1 },
      credentials: [],
    },
  ],
};

const result = (name: string, overrides: Partial<PlanResult> = {}): PlanResult => ({
  name,
  instanceId: `live-1-${name.replace("/", "-")}`,
  steps: [
    { step: "provision", status: "ok", durationMs: 372_000 },
    { step: "bind", status: "ok", durationMs: 4_200 },
    { step: "unbind", status: "ok", durationMs: 950 },
    { step: "deprovision", status: "ok", durationMs: 61_000 },
  ],
  credentials: ["host", "password", "type"],
  leftovers: [],
  passed: true,
  ...overrides,
});

describe("the live test's report", () => {
  it("header: cloud, run id, plans, run directory", () => {
    expect(formatHeader({ cloud: "prod", runId: "live-1", runDir: "/tmp/osb-live-1", plans: 1 })).toBe(
      'Live test of openstack-service-broker on cloud "prod" (run live-1, 1 plan)\nRun directory: /tmp/osb-live-1 (the broker\'s state, broker.log, report.txt)\n',
    );
  });

  it("preflight: every check and plan with what is missing, the quota peak, the verdict and the ready subset", () => {
    expect(formatPreflight(notReady)).toBe(
      [
        "Preflight (read-only: nothing is created)",
        "  ok       terraform    1.11.4 (terraform)",
        "  ok       provider     Installed provider version: terraform-provider-openstack/openstack v3.4.0 (signed by a HashiCorp partner)",
        '  ok       clouds.yaml  cloud "prod" from /etc/openstack/clouds.yaml: password auth at keystone.example:5000, region RegionOne, public endpoints',
        "  Plans (terraform plan of each instance stack: lookups only):",
        "    ok       nova-vm/small       creates openstack_compute_instance_v2, openstack_compute_keypair_v2",
        "    MISSING  trove-mysql/small   terraform plan: Your query returned no results. (data.openstack_compute_flavor_v2.flavor)",
        '    MISSING  heat-stack/custom   parameter "template" is required',
        "                                 second problem",
        "    ok       swift-container/s3  creates 2 openstack_objectstorage_container_v1, openstack_identity_ec2_credential_v3",
        "  Quotas are not read from the cloud. Plans run one at a time; the largest, swift-container/s3, creates 3: 2 openstack_objectstorage_container_v1, openstack_identity_ec2_credential_v3 (plus one binding's resources).",
        "Not ready (2 of 4 plans lack something): nothing was created.",
        "  To run only the ready plans: LIVE_PLANS=nova-vm/small,swift-container/s3",
        "",
      ].join("\n"),
    );
  });

  it("preflight: a missing prerequisite with what to do; no ready-subset hint then", () => {
    const text = formatPreflight({
      ready: false,
      checks: [
        {
          name: "provider",
          ok: false,
          detail: "terraform init could not install it: ...",
          needs: ["give it the real provider in one of these ways:", "  - network access"],
        },
      ],
      plans: [
        {
          name: "nova-vm/small",
          ok: false,
          problems: ["terraform plan not run: a prerequisite above is missing"],
          creates: {},
          credentials: [],
        },
      ],
    });
    expect(text).toContain(
      "  MISSING  provider     terraform init could not install it: ...\n      give it the real provider in one of these ways:\n        - network access\n",
    );
    expect(text).toContain("Not ready (missing: provider; 1 of 1 plans lack something): nothing was created.\n");
    expect(text).not.toContain("LIVE_PLANS=");
    expect(formatPreflight({ ...notReady, ready: true, plans: [notReady.plans[0]] })).toMatch(
      /\nReady: every check passed\.\n$/,
    );
  });

  it("results: a line per plan with each step's status and time, failures' messages, credential names", () => {
    const failed = result("trove-mysql/small", {
      passed: false,
      credentials: [],
      steps: [
        {
          step: "provision",
          status: "failed",
          durationMs: 3_600_000 + 125_000,
          message: "failed: terraform apply failed: Quota exceeded for instances",
        },
        { step: "bind", status: "skipped", durationMs: 0, message: "provision failed" },
        { step: "unbind", status: "skipped", durationMs: 0, message: "provision failed" },
        {
          step: "deprovision",
          status: "ok",
          durationMs: 30_000,
          message: "after 2 attempts (attempt 1: failed: timeout)",
        },
      ],
    });
    expect(formatResults([result("nova-vm/small"), failed])).toBe(
      [
        "Results",
        "  plan                provision      bind           unbind         deprovision    total",
        "  nova-vm/small       ok 6m12s       ok 4.2s        ok 950ms       ok 1m01s       7m18s",
        "      credentials: host, password, type",
        "  trove-mysql/small   FAILED 1h02m   skipped        skipped        ok 30.0s       1h02m",
        "      provision: failed: terraform apply failed: Quota exceeded for instances",
        "      deprovision: after 2 attempts (attempt 1: failed: timeout)",
        "",
      ].join("\n"),
    );
  });

  it("leftovers with their ids and the cleanup command, or none; the verdict", () => {
    expect(formatLeftovers([], "/tmp/r")).toBe(
      "Leftovers: none (every instance deprovisioned; the broker holds no terraform state).\n",
    );
    expect(
      formatLeftovers(
        [
          { instanceId: "live-1-x", address: "openstack_db_instance_v1.db", id: "0b1f" },
          { instanceId: "live-1-x", bindingId: "b", address: "openstack_db_user_v1.u", id: "0b1f/u" },
        ],
        "/tmp/r",
      ),
    ).toBe(
      "Leftovers — still on the cloud (ids from the broker's terraform states):\n" +
        "  live-1-x  openstack_db_instance_v1.db  id=0b1f\n" +
        "  live-1-x binding b  openstack_db_user_v1.u  id=0b1f/u\n" +
        "  Clean up: npm run test:live -- --cleanup /tmp/r   (deprovisions them again; or delete them by id)\n",
    );
    expect(formatVerdict([result("a/b")])).toBe("Result: 1 of 1 plan passed\n");
    expect(formatVerdict([result("a/b"), result("c/d", { passed: false })])).toBe(
      "Result: 1 of 2 plans passed; failed: c/d\n",
    );
  });

  it("durations", () => {
    expect([950, 4_200, 59_940, 187_000, 3_720_000].map(formatDuration)).toEqual([
      "950ms",
      "4.2s",
      "59.9s",
      "3m07s",
      "1h02m",
    ]);
  });

  it("the redactor masks every secret it was given (longest first), not short values", () => {
    const r = createRedactor(["broker-password-xyz"]);
    r.add(["s3cr3t-value", "s3cr3t-value-longer", "abc"]);
    expect(r.redact("pw broker-password-xyz; s3cr3t-value-longer and s3cr3t-value; abc")).toBe(
      "pw <redacted>; <redacted> and <redacted>; abc",
    );
  });
});
