/**
 * The syntax tree the Go parser builds: expressions (types are expressions too, as in go/ast),
 * statements and top-level declarations. Only what the generator needs is kept (no positions
 * beyond a line number on declarations).
 */

/** A Go expression or type. */
export type GoExpr =
  | { readonly k: "ident"; readonly name: string }
  | { readonly k: "lit"; readonly kind: "int" | "float" | "imag" | "string" | "rune"; readonly value: string }
  | { readonly k: "composite"; readonly type: GoExpr | null; readonly elts: readonly GoElement[] }
  | { readonly k: "funclit"; readonly type: GoFuncType; readonly body: GoBlock }
  | { readonly k: "paren"; readonly x: GoExpr }
  | { readonly k: "selector"; readonly x: GoExpr; readonly sel: string }
  | { readonly k: "index"; readonly x: GoExpr; readonly index: readonly GoExpr[] }
  | {
      readonly k: "slice";
      readonly x: GoExpr;
      readonly lo: GoExpr | null;
      readonly hi: GoExpr | null;
      readonly max: GoExpr | null;
    }
  | { readonly k: "assert"; readonly x: GoExpr; readonly type: GoExpr | null }
  | { readonly k: "call"; readonly fn: GoExpr; readonly args: readonly GoExpr[]; readonly ellipsis: boolean }
  | { readonly k: "star"; readonly x: GoExpr }
  | { readonly k: "unary"; readonly op: string; readonly x: GoExpr }
  | { readonly k: "binary"; readonly op: string; readonly x: GoExpr; readonly y: GoExpr }
  | { readonly k: "array"; readonly len: GoExpr | "..." | null; readonly elt: GoExpr }
  | { readonly k: "map"; readonly key: GoExpr; readonly value: GoExpr }
  | { readonly k: "chan"; readonly elt: GoExpr }
  | { readonly k: "ellipsis"; readonly elt: GoExpr }
  | GoFuncType
  | { readonly k: "struct"; readonly fields: readonly GoField[] }
  | { readonly k: "interface"; readonly methods: number };

/** One element of a composite literal: `key: value` or a bare value. */
export interface GoElement {
  readonly key: GoExpr | null;
  readonly value: GoExpr;
}

/** A parameter, result or struct field; `names` is empty when the type stands alone. */
export interface GoField {
  readonly names: readonly string[];
  readonly type: GoExpr;
}

/** A function signature. */
export interface GoFuncType {
  readonly k: "functype";
  readonly params: readonly GoField[];
  readonly results: readonly GoField[];
}

/** A `{ ... }` block. */
export interface GoBlock {
  readonly k: "block";
  readonly stmts: readonly GoStmt[];
}

/** One `case` (or `default`, with `exprs: null`) of a switch or select. */
export interface GoCaseClause {
  readonly exprs: readonly GoExpr[] | null;
  readonly body: readonly GoStmt[];
}

/** A `var` / `const` spec: `a, b T = x, y`. */
export interface GoValueSpec {
  readonly names: readonly string[];
  readonly type: GoExpr | null;
  readonly values: readonly GoExpr[];
  /** The spec's index in its `const (...)` group (the value of `iota`); values repeat the previous spec's when omitted. */
  readonly iota: number;
}

/** A Go statement. */
export type GoStmt =
  | GoBlock
  | { readonly k: "expr"; readonly x: GoExpr }
  | { readonly k: "assign"; readonly op: string; readonly lhs: readonly GoExpr[]; readonly rhs: readonly GoExpr[] }
  | { readonly k: "incdec"; readonly op: "++" | "--"; readonly x: GoExpr }
  | { readonly k: "send"; readonly ch: GoExpr; readonly value: GoExpr }
  | { readonly k: "var" | "const"; readonly specs: readonly GoValueSpec[] }
  | { readonly k: "type"; readonly name: string }
  | { readonly k: "return"; readonly results: readonly GoExpr[] }
  | { readonly k: "branch"; readonly keyword: string; readonly label: string | null }
  | { readonly k: "go" | "defer"; readonly call: GoExpr }
  | { readonly k: "labeled"; readonly label: string; readonly stmt: GoStmt }
  | {
      readonly k: "if";
      readonly init: GoStmt | null;
      readonly cond: GoExpr;
      readonly then: GoBlock;
      readonly else: GoStmt | null;
    }
  | {
      readonly k: "for";
      readonly init: GoStmt | null;
      readonly cond: GoExpr | null;
      readonly post: GoStmt | null;
      readonly body: GoBlock;
    }
  | {
      readonly k: "range";
      readonly key: GoExpr | null;
      readonly value: GoExpr | null;
      readonly define: boolean;
      readonly x: GoExpr;
      readonly body: GoBlock;
    }
  | {
      readonly k: "switch";
      readonly init: GoStmt | null;
      readonly tag: GoExpr | null;
      readonly clauses: readonly GoCaseClause[];
    }
  | {
      readonly k: "typeswitch";
      readonly init: GoStmt | null;
      readonly bind: string | null;
      readonly x: GoExpr;
      readonly clauses: readonly GoCaseClause[];
    }
  | { readonly k: "select"; readonly clauses: readonly GoCaseClause[] }
  | { readonly k: "empty" };

/** A top-level function or method. */
export interface GoFuncDecl {
  readonly name: string;
  readonly receiver: GoField | null;
  readonly type: GoFuncType;
  readonly body: GoBlock | null;
  readonly line: number;
}

/** A parsed source file. */
export interface GoFile {
  readonly packageName: string;
  /** Import name (alias, or the path's last element) → import path. */
  readonly imports: ReadonlyMap<string, string>;
  readonly funcs: readonly GoFuncDecl[];
  /** Top-level `const` and `var` specs, in order (consts keep `iota` repetition resolved by the evaluator). */
  readonly consts: readonly GoValueSpec[];
  readonly vars: readonly GoValueSpec[];
}
