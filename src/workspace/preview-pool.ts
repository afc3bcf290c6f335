import type { BindingPreviewRequest, InstancePreviewRequest, Previewer, PreviewResult } from "./preview.js";

/** Options of {@link createPreviewPool}. */
export interface PreviewPoolOptions {
  readonly previewer: Previewer;
  /** Previews running at once (PREVIEW_CONCURRENCY); one more is refused at once. Default 2. */
  readonly concurrency?: number;
  /** Limit for one preview, terraform init included (PREVIEW_TIMEOUT_SECONDS). Default 45 s. */
  readonly timeoutMs?: number;
}

/** A preview refused because `concurrency` previews are running: retry later. */
export class PreviewPoolFullError extends Error {
  override name = "PreviewPoolFullError";
  constructor(readonly running: number) {
    super(`${running} ${running === 1 ? "preview is" : "previews are"} running; retry later`);
  }
}

/** A preview that did not end within the pool's timeout; its terraform was interrupted. */
export class PreviewTimeoutError extends Error {
  override name = "PreviewTimeoutError";
  constructor(readonly timeoutMs: number) {
    super(
      `the plan did not finish within ${formatSeconds(timeoutMs)} (PREVIEW_TIMEOUT_SECONDS): terraform was interrupted`,
    );
  }
}

/** A previewer with a bound: {@link Previewer} plus how many previews run now. */
export interface PreviewPool extends Previewer {
  /** Previews whose terraform has not ended yet (a timed-out one counts until terraform has exited). */
  readonly running: number;
}

/**
 * The bounded way to a preview, for everything that waits on one: the update's destructive-change
 * check (PATCH), `POST /x-preview` and `openstack-broker plan`. Counted apart from CONCURRENCY (the
 * worker's operations): a preview never waits behind a long apply, and at most
 * CONCURRENCY + PREVIEW_CONCURRENCY terraform runs go at once.
 * - MUST answer at once when full: rejects with {@link PreviewPoolFullError}, nothing planned.
 * - MUST answer by the timeout: rejects with {@link PreviewTimeoutError} when the timeout passes
 *   (the caller's request ends below a platform's usual 60 s), and interrupts terraform (SIGINT);
 *   the slot stays taken until that terraform has exited, so the bound holds.
 * - An abort of the request's own `signal` reaches terraform as before (a `cancelled` TerraformError).
 */
export function createPreviewPool(options: PreviewPoolOptions): PreviewPool {
  const concurrency = options.concurrency ?? 2;
  const timeoutMs = options.timeoutMs ?? 45_000;
  let running = 0;

  function bounded<R extends InstancePreviewRequest>(
    request: R,
    preview: (request: R) => Promise<PreviewResult>,
  ): Promise<PreviewResult> {
    if (running >= concurrency) return Promise.reject(new PreviewPoolFullError(running));
    running++;
    const controller = new AbortController();
    const abortFromCaller = () => controller.abort(request.signal?.reason);
    if (request.signal?.aborted) abortFromCaller();
    request.signal?.addEventListener("abort", abortFromCaller, { once: true });
    const work = Promise.resolve()
      .then(() => preview({ ...request, signal: controller.signal }))
      .finally(() => {
        running--;
        request.signal?.removeEventListener("abort", abortFromCaller);
      });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new PreviewTimeoutError(timeoutMs);
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    // The work's own rejection after a timeout has nobody waiting: swallowed here, the slot frees in `finally`.
    work.catch(() => undefined);
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  return {
    previewInstance: (request) => bounded(request, (r) => options.previewer.previewInstance(r)),
    previewBinding: (request: BindingPreviewRequest) => bounded(request, (r) => options.previewer.previewBinding(r)),
    get running() {
      return running;
    },
  };
}

/** `45 s`, `1.5 s`. */
function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
