/**
 * Lexical scopes of lazily evaluated Go values: a name is bound to a thunk and evaluated on first
 * use, so a local the configs never read (a `var instance servers.Server`, a temp-file error) costs
 * nothing and cannot fail the extraction.
 */
import type { GoValue } from "./go-values.js";

interface Binding {
  readonly thunk: () => GoValue;
  value?: GoValue;
  state: "pending" | "evaluating" | "done";
}

/** A scope with an optional parent. */
export class GoScope {
  private readonly bindings = new Map<string, Binding>();

  /** `onRead` is told every name read from this scope (cached or not). */
  constructor(
    private readonly parent?: GoScope,
    private readonly onRead?: (name: string) => void,
  ) {}

  /** Binds `name` (a later binding of the same name in this scope replaces it). */
  define(name: string, thunk: () => GoValue): void {
    if (name === "_") return;
    this.bindings.set(name, { thunk, state: "pending" });
  }

  /** Binds `name` to a known value. */
  set(name: string, value: GoValue): void {
    this.bindings.set(name, { thunk: () => value, value, state: "done" });
  }

  /** The value of `name` if it was already evaluated (never evaluates). */
  peek(name: string): GoValue | undefined {
    const binding = this.bindings.get(name);
    if (!binding) return this.parent?.peek(name);
    return binding.state === "done" ? binding.value : undefined;
  }

  /** Whether `name` is bound here or in a parent. */
  has(name: string): boolean {
    return this.bindings.has(name) || (this.parent?.has(name) ?? false);
  }

  /** The value of `name`; undefined when it is not bound. Throws on a cyclic definition. */
  get(name: string): GoValue | undefined {
    const binding = this.bindings.get(name);
    if (!binding) return this.parent?.get(name);
    this.onRead?.(name);
    if (binding.state === "done") return binding.value as GoValue;
    if (binding.state === "evaluating") throw new Error(`${name} is defined in terms of itself`);
    binding.state = "evaluating";
    try {
      binding.value = binding.thunk();
      binding.state = "done";
      return binding.value;
    } catch (error) {
      binding.state = "pending";
      throw error;
    }
  }
}
