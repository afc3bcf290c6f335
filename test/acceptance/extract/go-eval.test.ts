import { describe, expect, test } from "vitest";
import { DeterministicRandom, type BuiltinContext } from "./go-builtins.js";
import { GoEvaluator } from "./go-eval.js";
import { tokenizeGo } from "./go-lexer.js";
import { dependencies, getenvName, readGoPackage } from "./go-package.js";
import { GoScope } from "./go-scope.js";
import { goSprintf } from "./go-sprintf.js";

// Small Go sources written for these tests, in the shapes the provider's test files use.
const SOURCE = `package openstack

import (
	"fmt"
)

var (
	osImageID = os.Getenv("OS_IMAGE_ID")
	osNetworkID = os.Getenv("OS_NETWORK_ID")
)

const testAccNetworkConfig = \`
resource "openstack_networking_network_v2" "net" {
  name = "net"
}
\`

func testAccInstanceConfig(name string, count int) string {
	return fmt.Sprintf(\`
%s
resource "openstack_compute_instance_v2" "vm" {
  name     = "%s"
  image_id = "%s"
  count    = %d
  network { uuid = "%[5]s" }
  metadata = { pct = "100%%" }
}
\`, testAccNetworkConfig, name, osImageID, count, osNetworkID)
}

func testAccWithLocal() string {
	base := testAccNetworkConfig // a comment
	return base + "# tail\\n"
}

func (c *Config) ignored() string { return "method" }
`;

function evaluatorFor(source: string, env: Record<string, string> = {}) {
  const pkg = readGoPackage(new Map([["a_test.go", source]]));
  const read: string[] = [];
  const ctx: BuiltinContext = {
    env: (n) => {
      read.push(n);
      return env[n] ?? "";
    },
    random: new DeterministicRandom("seed"),
    tempFiles: [],
  };
  return { pkg, evaluator: new GoEvaluator(pkg, ctx), read };
}

function evaluate(source: string, expression: string, env: Record<string, string> = {}) {
  const { evaluator } = evaluatorFor(source, env);
  const tokens = tokenizeGo(expression).filter((t) => !(t.kind === "op" && t.value === ";"));
  return evaluator.evaluate(tokens, new GoScope(evaluator.globals));
}

describe("the Go lexer (the provider-rules tokenizer, without eof)", () => {
  test("decodes interpreted and raw strings and inserts semicolons at line ends", () => {
    const tokens = tokenizeGo('x := "a\\tb\\x41"\ny := `raw\\n`\n');
    expect(tokens.map((t) => [t.kind, t.value])).toEqual([
      ["ident", "x"],
      ["op", ":="],
      ["string", "a\tbA"],
      ["op", ";"],
      ["ident", "y"],
      ["op", ":="],
      ["string", "raw\\n"],
      ["op", ";"],
    ]);
  });
  test("counts lines across raw strings and block comments", () => {
    const tokens = tokenizeGo("a\n`x\ny`\n/* 1\n2 */ b");
    expect(tokens.find((t) => t.value === "b")?.line).toBe(5);
  });
});

describe("fmt.Sprintf", () => {
  test("formats %s %d %q %t, explicit indexes and %%", () => {
    expect(goSprintf("%s-%d-%q-%t-%[1]s-%%", ["a", 2, "q", true])).toBe('a-2-"q"-true-a-%');
  });
  test("refuses a missing or an unused argument, as no acceptance config intends one", () => {
    expect(() => goSprintf("%s %s", ["a"])).toThrow(/no argument 2/);
    expect(() => goSprintf("%s", ["a", "b"])).toThrow(/argument 2 of 2 is not used/);
  });
});

describe("the evaluator", () => {
  test("calls a config function with its arguments, constants and OS_* facts", () => {
    const hcl = evaluate(SOURCE, 'testAccInstanceConfig("vm-1", 2)', {
      OS_IMAGE_ID: "img",
      OS_NETWORK_ID: "net-id",
    }) as string;
    expect(hcl).toContain('name     = "vm-1"');
    expect(hcl).toContain('image_id = "img"');
    expect(hcl).toContain("count    = 2");
    expect(hcl).toContain('network { uuid = "net-id" }');
    expect(hcl).toContain('pct = "100%"');
    expect(hcl).toContain('resource "openstack_networking_network_v2" "net"');
  });
  test("binds locals and concatenates", () => {
    expect(evaluate(SOURCE, "testAccWithLocal()")).toMatch(/"net"\n}\n# tail\n$/);
  });
  test("names what it cannot evaluate instead of guessing", () => {
    expect(() => evaluate(SOURCE, "unknownThing")).toThrow(/unknown identifier unknownThing/);
    expect(() => evaluate(SOURCE, "somepkg.Func(1)")).toThrow(/calls somepkg.Func/);
    expect(() => evaluate(SOURCE, "x{1}")).toThrow(/composite literal/);
  });
  test("refuses a config function whose return depends on a condition", () => {
    const source = 'package p\nfunc testAccPick(a bool) string {\n\tif a {\n\t\treturn "x"\n\t}\n\treturn "y"\n}\n';
    expect(() => evaluate(source, "testAccPick(true)")).toThrow(/a return under if/);
  });
  test("gives deterministic random names: the same sequence for the same seed", () => {
    const a = evaluate(SOURCE, 'acctest.RandomWithPrefix("tf-acc") + acctest.RandString(5)');
    const b = evaluate(SOURCE, 'acctest.RandomWithPrefix("tf-acc") + acctest.RandString(5)');
    expect(a).toBe(b);
    expect(a).toMatch(/^tf-acc-\d+[a-z]{5}$/);
  });
  test("skips methods and knows which package variable reads which OS_* variable", () => {
    const { pkg } = evaluatorFor(SOURCE);
    expect(pkg.funcs.has("ignored")).toBe(false);
    expect(getenvName(pkg.values.get("osImageID"))).toBe("OS_IMAGE_ID");
    expect([...dependencies(pkg, ["testAccInstanceConfig"])].sort()).toEqual([
      "osImageID",
      "osNetworkID",
      "testAccInstanceConfig",
      "testAccNetworkConfig",
    ]);
  });
});
