import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { withCurrentTable } from "../../scripts/resource-services-table.js";

const DOC = resolve(import.meta.dirname, "../../docs/resource-services.md");

describe("docs/resource-services.md", () => {
  it("lists every resource type as the generator and the simulator test see it (npm run gen:resource-docs)", () => {
    const text = readFileSync(DOC, "utf8");
    expect(text).toBe(withCurrentTable(text));
  });
});
