import { describe, expect, it } from "vitest";
import type { GoStmt } from "./go-ast.js";
import { importName, parseGoExpr, parseGoFile } from "./go-parse-file.js";
import { goExprText } from "./go-print.js";

const body = (src: string): readonly GoStmt[] => parseGoFile(`package p\nfunc f() {\n${src}\n}\n`).funcs[0].body!.stmts;

describe("parseGoExpr", () => {
  it("applies Go's operator precedence", () => {
    const x = parseGoExpr("a || b && c == d + e * f");
    expect(x).toMatchObject({
      k: "binary",
      op: "||",
      y: { k: "binary", op: "&&", y: { op: "==", y: { op: "+", y: { op: "*" } } } },
    });
  });

  it("parses composite literals with elided element types, keys and nested literals", () => {
    const x = parseGoExpr(
      '&schema.Resource{Schema: map[string]*schema.Schema{"a": {Type: schema.TypeString, Optional: true}}}',
    );
    expect(x).toMatchObject({ k: "unary", op: "&", x: { k: "composite", type: { k: "selector", sel: "Resource" } } });
    expect(goExprText(x)).toBe(
      '&schema.Resource{Schema: map[string]*schema.Schema{"a": {Type: schema.TypeString, Optional: true}}}',
    );
  });

  it("parses calls with types as arguments, conversions, assertions, slices and indexes", () => {
    expect(goExprText(parseGoExpr("make(map[string]*schema.Schema)"))).toBe("make(map[string]*schema.Schema)");
    expect(parseGoExpr("string(x.Y)")).toMatchObject({ k: "call", fn: { k: "ident", name: "string" } });
    expect(parseGoExpr('d.Get("x").(string)')).toMatchObject({ k: "assert", type: { k: "ident", name: "string" } });
    expect(parseGoExpr("df[:]")).toMatchObject({ k: "slice", lo: null, hi: null });
    expect(parseGoExpr("[4]string{a, b}")).toMatchObject({
      k: "composite",
      type: { k: "array", len: { k: "lit", value: "4" } },
    });
    expect(parseGoExpr("f(xs...)")).toMatchObject({ k: "call", ellipsis: true });
  });

  it("parses function literals and groups parameter names as Go does", () => {
    const x = parseGoExpr("func(_, o, n string, _ *schema.ResourceData) bool { return o == n }");
    expect(x.k).toBe("funclit");
    if (x.k !== "funclit") return;
    expect(x.type.params.map((p) => [p.names, goExprText(p.type)])).toEqual([
      [["_", "o", "n"], "string"],
      [["_"], "*schema.ResourceData"],
    ]);
    expect(x.type.results.map((r) => goExprText(r.type))).toEqual(["bool"]);
    const unnamed = parseGoExpr("func(any, string) ([]string, []error) { return nil, nil }");
    if (unnamed.k === "funclit") expect(unnamed.type.params.map((p) => p.names.length)).toEqual([0, 0]);
  });
});

describe("parseGoFile", () => {
  it("reads the package, imports (aliases, major-version paths) and top-level declarations", () => {
    const file = parseGoFile(
      'package p\nimport (\n\t"fmt"\n\tgc "github.com/x/gophercloud/v2"\n\t"github.com/x/y/servers"\n)\n' +
        'const (\n\tA = iota\n\tB\n\tC string = "c"\n)\nvar v = 1\ntype T struct {\n\tX int `json:"x"`\n\t*U\n}\n' +
        "func (t *T) M() {}\nfunc F(a int) (int, error) { return a, nil }\n",
    );
    expect(file.packageName).toBe("p");
    expect([...file.imports]).toEqual([
      ["fmt", "fmt"],
      ["gc", "github.com/x/gophercloud/v2"],
      ["servers", "github.com/x/y/servers"],
    ]);
    expect(file.consts.map((c) => [c.names[0], c.iota, c.values.map(goExprText)])).toEqual([
      ["A", 0, ["iota"]],
      ["B", 1, ["iota"]],
      ["C", 2, ['"c"']],
    ]);
    expect(file.vars.map((v) => v.names[0])).toEqual(["v"]);
    expect(file.funcs.map((f) => [f.name, f.receiver !== null])).toEqual([
      ["M", true],
      ["F", false],
    ]);
    expect(importName("github.com/gophercloud/gophercloud/v2")).toBe("gophercloud");
  });

  it("treats `{` after a type name in an if / for / switch header as the body, not a composite literal", () => {
    const [s] = body("if x == T {\n\treturn\n}");
    expect(s).toMatchObject({ k: "if", cond: { k: "binary", y: { k: "ident", name: "T" } } });
    const [t] = body("if m[k] {\n\treturn\n}");
    expect(t).toMatchObject({ k: "if", cond: { k: "index" } });
    // ... while an explicit literal type still starts a composite literal there
    const [u] = body('for _, v := range []string{"a"} {\n}');
    expect(u).toMatchObject({ k: "range", define: true, x: { k: "composite" } });
  });

  it("parses if/else chains, classic for loops, expression and type switches, defer and labels", () => {
    const stmts = body(
      "if err := f(); err != nil {\n} else if y {\n} else {\n}\n" +
        "for i := 0; i < 3; i++ {\n\tcontinue\n}\n" +
        "switch v := x.(type) {\ncase string, int:\n\tbreak\ndefault:\n}\n" +
        "switch T(v) {\ncase a, b:\n\treturn\n}\n" +
        "defer g()\nL:\n\tfor {\n\t\tbreak L\n\t}",
    );
    expect(stmts.map((s) => s.k)).toEqual(["if", "for", "typeswitch", "switch", "defer", "labeled"]);
    expect(stmts[0]).toMatchObject({ init: { k: "assign", op: ":=" }, else: { k: "if", else: { k: "block" } } });
    expect(stmts[2]).toMatchObject({
      bind: "v",
      clauses: [{ exprs: [{ name: "string" }, { name: "int" }] }, { exprs: null }],
    });
    expect(stmts[3]).toMatchObject({ tag: { k: "call" }, clauses: [{ exprs: [{ name: "a" }, { name: "b" }] }] });
  });

  it("reports a syntax error with file and line", () => {
    expect(() => parseGoFile("package p\nfunc f() {\n\tx := \n}\n", "bad.go")).toThrow(/^bad\.go:4: /);
  });
});
