import { describe, expect, it } from "vitest";
import { Testing, TerraformStack } from "cdktf";
import { heatTemplateProblems } from "./heat-template-rules.js";
import { heatStack } from "./heat.js";

/** The signed-URL template zaqar-queue shipped before issue 10: HEAD, and list-valued outputs. */
const OLD_SIGNED_URL = `heat_template_version: 2018-08-31
resources:
  signed:
    type: OS::Zaqar::SignedQueueURL
    properties:
      queue: q
      methods: [GET, HEAD, POST, PUT, DELETE]
      paths: [messages, claims, subscriptions]
outputs:
  signature: {value: {get_attr: [signed, signature]}}
  paths: {value: {get_attr: [signed, paths]}}
  methods: {value: {get_attr: [signed, methods]}}
`;

describe("heatTemplateProblems", () => {
  it("refuses what Heat refuses: HEAD is not an allowed method of OS::Zaqar::SignedQueueURL", () => {
    expect(heatTemplateProblems(OLD_SIGNED_URL)).toContain(
      'resource signed (OS::Zaqar::SignedQueueURL): methods "HEAD" is not one of GET, DELETE, PATCH, POST, PUT',
    );
  });

  it("refuses outputs the provider would lose (#1612): list attributes, literal lists and maps, list functions", () => {
    const problems = heatTemplateProblems(OLD_SIGNED_URL);
    expect(problems.filter((p) => /^output (paths|methods) is get_attr/.test(p))).toHaveLength(2);
    const literal =
      "heat_template_version: 2018-08-31\noutputs:\n  a: {value: [1, 2]}\n  b: {value: {x: 1}}\n  c: {value: {str_split: [',', 'a,b']}}\n  d: {value: {list_join: [',', [a, b]]}}\n";
    expect(heatTemplateProblems(literal).map((p) => p.split(" ")[1])).toEqual(["a", "b", "c"]);
  });

  it("accepts string outputs (list_join, str_replace, get_param, scalar attributes)", () => {
    const fixed = OLD_SIGNED_URL.replace("HEAD, ", "")
      .replace("{get_attr: [signed, paths]}", "{list_join: [',', {get_attr: [signed, paths]}]}")
      .replace("{get_attr: [signed, methods]}", "{list_join: [',', {get_attr: [signed, methods]}]}");
    expect(heatTemplateProblems(fixed)).toEqual([]);
  });

  it("makes heatStack() refuse a literal template with a problem, naming it", () => {
    const stack = new TerraformStack(Testing.app(), "t");
    expect(() => heatStack(stack, "s", { name: "n", template: OLD_SIGNED_URL })).toThrow(
      /heatStack s: .*methods "HEAD"/,
    );
  });
});
