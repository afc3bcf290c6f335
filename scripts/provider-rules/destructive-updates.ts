/**
 * In-place updates that destroy data: calls in a resource's Update function (and the provider helpers
 * it calls) that keep the resource's id but lose its contents. DESTRUCTIVE_CALLS is the one list of the
 * calls the generator recognises; each found call becomes a `DestructiveUpdate` whose attributes are
 * those of the `d.HasChange("a")` / `d.HasChanges("a", "b")` guarding it.
 *
 * Reviewed in 3.4.0 and NOT listed (in place, data kept): servers.Resize (the root disk is kept),
 * volumes.ExtendSize and shares.Extend (grow), shares.Shrink (Manila refuses to shrink below the used
 * size), clusters.Resize (node count: it removes nodes when lowered, but nodes hold no user data the
 * provider manages).
 */
import type { DestructiveUpdate } from "../../src/provider-rules/types.js";
import type { GoExpr } from "./go-ast.js";
import type { GoPackage } from "./go-package.js";
import { calleeName, walkGo } from "./go-walk.js";

/** A recognised destructive call: gophercloud package (import path suffix), function, and what it destroys. */
export interface DestructiveCall {
  readonly pkg: string;
  readonly name: string;
  readonly effect: string;
}

export const DESTRUCTIVE_CALLS: readonly DestructiveCall[] = [
  {
    // Nova's rebuild action: the server keeps its id and ports, its root disk is re-created from the image.
    pkg: "openstack/compute/v2/servers",
    name: "Rebuild",
    effect: "rebuilds the server from the new image, wiping its root disk",
  },
  {
    // Magnum's cluster upgrade action. Magnum's docs (user/rolling-upgrade.rst): an operating system upgrade
    // through a new image in the template "entails a downtime ... because all the nodes will be rebuilt one by one".
    pkg: "openstack/containerinfra/v1/clusters",
    name: "Upgrade",
    effect:
      "upgrades the cluster to the new template: with a new image in it, every node is rebuilt one by one (node disks wiped)",
  },
];

/** The destructive updates of the Update function `updateFn` (a provider function name). */
export function destructiveUpdates(pkg: GoPackage, updateFn: string): DestructiveUpdate[] {
  const found = new Map<string, { call: string; effect: string; attributes: Set<string> }>();
  const visited = new Set<string>();
  const scan = (fnName: string, guards: readonly string[], depth: number): void => {
    const fn = pkg.funcs.get(fnName);
    if (!fn?.decl.body || visited.has(fnName) || depth > 3) return;
    visited.add(fnName);
    walkGo(fn.decl.body, (node, conditions) => {
      if (node.k !== "call") return;
      const attributes = [...guards, ...conditions.flatMap(changedAttributes)];
      const name = calleeName(node.fn);
      const [alias, member] = name.split(".");
      const path = fn.file.imports.get(alias);
      const hit = DESTRUCTIVE_CALLS.find((c) => member === c.name && path?.endsWith(`/${c.pkg}`));
      if (hit && attributes.length) {
        const key = `${alias}.${member}`;
        const entry = found.get(key) ?? { call: key, effect: hit.effect, attributes: new Set<string>() };
        for (const a of attributes) entry.attributes.add(a);
        found.set(key, entry);
      } else if (node.fn.k === "ident" && pkg.funcs.has(node.fn.name)) {
        scan(node.fn.name, attributes, depth + 1);
      }
    });
  };
  scan(updateFn, [], 0);
  return [...found.values()].map((e) => ({ attributes: [...e.attributes], call: e.call, effect: e.effect }));
}

/** Attributes named by `d.HasChange("a")` / `d.HasChanges("a", "b")` in a condition. */
function changedAttributes(cond: GoExpr): string[] {
  const out: string[] = [];
  walkGo(cond, (n) => {
    if (n.k !== "call" || n.fn.k !== "selector" || !["HasChange", "HasChanges"].includes(n.fn.sel)) return;
    for (const a of n.args) if (a.k === "lit" && a.kind === "string") out.push(a.value);
  });
  return out;
}
