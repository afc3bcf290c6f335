/**
 * Prints a Go expression back as compact one-line text: used to describe what the generator could not
 * turn into a fact (in `unmodelled`) and the conditions of CustomizeDiff errors. Function literal
 * bodies are elided (`func(...) {...}`): the table states facts, it does not copy code.
 */
import type { GoExpr, GoField } from "./go-ast.js";

function fields(list: readonly GoField[]): string {
  return list
    .map((f) => (f.names.length ? `${f.names.join(", ")} ${goExprText(f.type)}` : goExprText(f.type)))
    .join(", ");
}

/** `x` as Go source text on one line. */
export function goExprText(x: GoExpr): string {
  switch (x.k) {
    case "ident":
      return x.name;
    case "lit":
      if (x.kind === "string") return JSON.stringify(x.value);
      if (x.kind === "rune") return `'${x.value}'`;
      return x.value;
    case "composite": {
      const elts = x.elts.map((e) => (e.key ? `${goExprText(e.key)}: ${goExprText(e.value)}` : goExprText(e.value)));
      return `${x.type ? goExprText(x.type) : ""}{${elts.join(", ")}}`;
    }
    case "funclit":
      return `${goExprText(x.type)} {...}`;
    case "paren":
      return `(${goExprText(x.x)})`;
    case "selector":
      return `${goExprText(x.x)}.${x.sel}`;
    case "index":
      return `${goExprText(x.x)}[${x.index.map(goExprText).join(", ")}]`;
    case "slice":
      return `${goExprText(x.x)}[${x.lo ? goExprText(x.lo) : ""}:${x.hi ? goExprText(x.hi) : ""}${x.max ? `:${goExprText(x.max)}` : ""}]`;
    case "assert":
      return `${goExprText(x.x)}.(${x.type ? goExprText(x.type) : "type"})`;
    case "call":
      return `${goExprText(x.fn)}(${x.args.map(goExprText).join(", ")}${x.ellipsis ? "..." : ""})`;
    case "star":
      return `*${goExprText(x.x)}`;
    case "unary":
      return `${x.op}${goExprText(x.x)}`;
    case "binary":
      return `${goExprText(x.x)} ${x.op} ${goExprText(x.y)}`;
    case "array":
      return `[${x.len === null ? "" : x.len === "..." ? "..." : goExprText(x.len)}]${goExprText(x.elt)}`;
    case "map":
      return `map[${goExprText(x.key)}]${goExprText(x.value)}`;
    case "chan":
      return `chan ${goExprText(x.elt)}`;
    case "ellipsis":
      return `...${goExprText(x.elt)}`;
    case "functype": {
      const results =
        x.results.length === 0
          ? ""
          : x.results.length === 1 && !x.results[0].names.length
            ? ` ${goExprText(x.results[0].type)}`
            : ` (${fields(x.results)})`;
      return `func(${fields(x.params)})${results}`;
    }
    case "struct":
      return `struct{${fields(x.fields)}}`;
    case "interface":
      return x.methods ? "interface{...}" : "any";
  }
}
