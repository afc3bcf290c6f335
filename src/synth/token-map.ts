/**
 * cdktf keeps every token ever created in a process-wide map (`globalThis.__cdktfTokenMap`). A broker
 * synthesizes thousands of stacks, so the maps are cleared after each synthesis (the object itself
 * MUST stay: cdktf modules hold references to it).
 */
export function clearTokenMap(): void {
  const map = (
    globalThis as {
      __cdktfTokenMap?: { stringTokenMap?: Map<unknown, unknown>; numberTokenMap?: Map<unknown, unknown> };
    }
  ).__cdktfTokenMap;
  map?.stringTokenMap?.clear();
  map?.numberTokenMap?.clear();
}
