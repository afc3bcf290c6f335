import { Hono, type Context } from "hono";
import { isSafeId } from "../domain/ids.js";
import type { StateStore } from "../state/state-store.js";
import { createTerraformStates, type StateRef } from "../state/terraform-states.js";
import type { AheadLock } from "../state/ahead-lock.js";

/**
 * How the state backend checks a request's credentials. The workspace issues them, one pair per
 * terraform run and state (src/workspace/run-credentials.ts); the backend only asks which state a
 * pair may use.
 */
export interface StateCredentialCheck {
  /** The state a pair of credentials may use, or undefined when they are unknown or revoked. */
  verify(username: string, password: string): StateRef | undefined;
  /** The lock the broker took ahead for this run's terraform (src/state/ahead-lock.ts), if any. */
  aheadLock?(username: string): AheadLock | undefined;
  /** Told of each state this run's terraform wrote (stored): the run's outputs are read from the last. */
  wrote?(username: string, state: Uint8Array): void;
}

export interface StateBackendOptions {
  readonly store: StateStore;
  readonly credentials: StateCredentialCheck;
}

/**
 * Terraform's http backend, served by the broker at `/tfstate/instances/:id[/bindings/:bid]`:
 * GET (404 when there is no state), POST (store), DELETE, LOCK (423 with the holder's lock info on
 * conflict), UNLOCK. Every request carries the per-run basic-auth credentials of the terraform process
 * (TF_HTTP_USERNAME / TF_HTTP_PASSWORD) and may touch only that run's own state.
 */
export function createStateBackend(options: StateBackendOptions): Hono {
  const states = createTerraformStates(options.store);
  const app = new Hono();
  // Locks this process granted and still holds, by stack: a POST carrying that lock's ID is
  // allowed without reading the lock object again (one store round trip less per state write).
  const granted = new Map<string, string>();
  // Ahead locks terraform adopted, by stack: terraform's lock ID and the lock object's own ID.
  const adopted = new Map<string, { readonly terraformId: string; readonly lock: AheadLock }>();
  // MUST: the state as read or written under a lock this process granted, by stack, valid only while
  // that lock is held (nobody else writes a locked state): terraform's later GETs are answered from it.
  const underLock = new Map<string, { readonly lockId: string; readonly state: Uint8Array | undefined }>();

  const authorize = (c: Context): { readonly ref: StateRef; readonly username: string } | Response => {
    const ref: StateRef = { instanceId: c.req.param("instanceId") ?? "", bindingId: c.req.param("bindingId") };
    if (!isSafeId(ref.instanceId) || (ref.bindingId !== undefined && !isSafeId(ref.bindingId))) {
      return c.json({ description: "invalid state address" }, 400);
    }
    const header = c.req.header("authorization") ?? "";
    const decoded = header.startsWith("Basic ") ? Buffer.from(header.slice(6), "base64").toString() : "";
    const colon = decoded.indexOf(":");
    const allowed =
      colon < 0 ? undefined : options.credentials.verify(decoded.slice(0, colon), decoded.slice(colon + 1));
    if (allowed === undefined) return c.json({ description: "unauthorized" }, 401);
    if (allowed.instanceId !== ref.instanceId || allowed.bindingId !== ref.bindingId) {
      return c.json({ description: "these credentials are for another state" }, 403);
    }
    return { ref, username: decoded.slice(0, colon) };
  };

  const handle = async (c: Context) => {
    const authorized = authorize(c);
    if (authorized instanceof Response) return authorized;
    const { ref, username } = authorized;
    const lockKey = ref.bindingId === undefined ? ref.instanceId : `${ref.instanceId}/${ref.bindingId}`;
    switch (c.req.method) {
      case "GET": {
        const lockId = granted.get(lockKey);
        const known = underLock.get(lockKey);
        const body = known !== undefined && known.lockId === lockId ? known.state : await states.read(ref);
        if (lockId !== undefined) underLock.set(lockKey, { lockId, state: body });
        return body === undefined
          ? c.body(null, 404)
          : c.body(body as Uint8Array<ArrayBuffer>, 200, { "content-type": "application/json" });
      }
      case "POST": {
        // A write under a lock is checked against the holder, unless this process granted that lock
        // itself; a write without a lock ID (terraform -lock=false) is not checked against locks.
        const lockId = c.req.query("ID");
        if (lockId !== undefined && granted.get(lockKey) !== lockId) {
          const holder = await states.holder(ref);
          if (holder !== undefined && holder.ID !== lockId) return c.json(holder, 423);
        }
        const state = new Uint8Array(await c.req.arrayBuffer());
        underLock.delete(lockKey);
        await states.write(ref, state);
        if (lockId !== undefined && granted.get(lockKey) === lockId) underLock.set(lockKey, { lockId, state });
        options.credentials.wrote?.(username, state);
        return c.body(null, 200);
      }
      case "DELETE":
        underLock.delete(lockKey);
        await states.remove(ref);
        return c.body(null, 200);
      case "LOCK": {
        const info = await readLockInfo(c);
        if (info === undefined) return c.json({ description: "lock info must be a JSON object with ID" }, 400);
        // The lock taken for this run while it started (its create-only write is already done) is
        // terraform's now. Not taken (someone else holds it): the ordinary way, which answers 423.
        const ahead = options.credentials.aheadLock?.(username);
        if (ahead !== undefined && (await ahead.adopt())) {
          granted.set(lockKey, String(info.ID));
          adopted.set(lockKey, { terraformId: String(info.ID), lock: ahead });
          return c.body(null, 200);
        }
        const result = await states.lock(ref, String(info.ID), info);
        if (result.acquired) {
          granted.set(lockKey, String(info.ID));
          return c.body(null, 200);
        }
        return c.json(result.holder ?? {}, 423);
      }
      case "UNLOCK": {
        const info = await readLockInfo(c);
        if (info !== undefined && granted.get(lockKey) === String(info.ID)) granted.delete(lockKey);
        underLock.delete(lockKey);
        // An adopted ahead lock is released under its own ID.
        const own = adopted.get(lockKey);
        const ours = info !== undefined && own?.terraformId === String(info.ID);
        if (info === undefined) {
          const holder = await states.holder(ref);
          return holder === undefined ? c.body(null, 200) : c.json(holder, 423);
        }
        // One read of the lock (compare the holder's ID, then delete): a free lock is fine (terraform may retry).
        const id = ours ? own!.lock.id : String(info.ID);
        const { released, holder } = await states.unlockOrHolder(ref, id);
        if (ours) {
          adopted.delete(lockKey);
          own!.lock.released();
        }
        if (released || holder === undefined || holder.ID === id) return c.body(null, 200);
        return c.json(holder, 423);
      }
      default:
        return c.json({ description: `method ${c.req.method} not allowed` }, 405);
    }
  };

  const methods = ["GET", "POST", "DELETE", "LOCK", "UNLOCK"];
  app.on(methods, "/tfstate/instances/:instanceId", handle);
  app.on(methods, "/tfstate/instances/:instanceId/bindings/:bindingId", handle);
  return app;
}

async function readLockInfo(c: Context): Promise<Record<string, unknown> | undefined> {
  try {
    const info = JSON.parse(new TextDecoder().decode(await c.req.arrayBuffer())) as Record<string, unknown>;
    return info !== null && typeof info === "object" && typeof info.ID === "string" ? info : undefined;
  } catch {
    return undefined;
  }
}
