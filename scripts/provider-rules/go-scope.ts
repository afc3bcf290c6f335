/** Lexical scopes of the evaluator: Go's block scoping, `_` never bound. */
import type { GoValue } from "./go-values.js";

/** One block's variables, chained to the enclosing block. */
export class GoScope {
  private readonly vars = new Map<string, GoValue>();
  constructor(private readonly parent: GoScope | null) {}
  lookup(name: string): { value: GoValue } | undefined {
    if (this.vars.has(name)) return { value: this.vars.get(name)! };
    return this.parent?.lookup(name);
  }
  define(name: string, value: GoValue): void {
    if (name !== "_") this.vars.set(name, value);
  }
  set(name: string, value: GoValue): void {
    if (name === "_") return;
    if (this.vars.has(name) || !this.parent) this.vars.set(name, value);
    else this.parent.set(name, value);
  }
}
