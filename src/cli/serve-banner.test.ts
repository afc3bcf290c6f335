import { describe, expect, it } from "vitest";
import type { Catalog } from "../catalog/catalog.js";
import { loadConfig } from "../config/load-config.js";
import type { Records } from "../state/records.js";
import { type BannerBroker, serveBanner } from "./serve-banner.js";

/** The `serve` start-up line says why OpenStack stacks run against the simulator. */
const broker = (simulated: boolean): BannerBroker => ({
  port: 8080,
  catalog: { services: [{ plans: [{}, {}] }] } as unknown as Catalog,
  records: { store: { description: "files in ./state" } } as unknown as Records,
  simulated,
});
const base = { BROKER_PASSWORD: "pw", HOME: "/nonexistent" };
const terraformLine = (env: Record<string, string>, simulated = true) =>
  serveBanner(loadConfig({ ...base, ...env }, [], "/nonexistent"), broker(simulated)).find((l) =>
    l.startsWith("  terraform:"),
  );

describe("the serve start-up lines", () => {
  it("SIMULATE=true with a cloud configured: forced, not 'no cloud configured'", () => {
    expect(terraformLine({ SIMULATE: "true", OS_CLOUD: "east" })).toBe(
      "  terraform: terraform against the built-in OpenStack simulator (forced by SIMULATE=true)",
    );
  });

  it("--simulate is SIMULATE=true", () => {
    const config = loadConfig(base, ["--simulate"], "/nonexistent");
    expect(serveBanner(config, broker(true))[3]).toMatch(/\(forced by SIMULATE=true\)$/);
  });

  it("SIMULATE unset and no cloud: no cloud configured", () => {
    expect(terraformLine({})).toBe(
      "  terraform: terraform against the built-in OpenStack simulator (no cloud configured)",
    );
  });

  it("launched mode says both why and how", () => {
    expect(terraformLine({ SIMULATE: "true", SIMULATOR_MODE: "launched" })).toMatch(
      /\(forced by SIMULATE=true; launched by terraform, SIMULATOR_MODE=launched\)$/,
    );
  });

  it("a cloud: no simulator mentioned; a given password is never printed", () => {
    const lines = serveBanner(loadConfig({ ...base, OS_CLOUD: "east" }, [], "/nonexistent"), broker(false));
    expect(lines[3]).toBe("  terraform: terraform");
    expect(lines[0]).toMatch(/listening on http:\/\/.+:8080/);
    expect(lines[1]).toMatch(/1 services, 2 plans from/);
    expect(lines.join("\n")).not.toContain("pw");
  });
});
