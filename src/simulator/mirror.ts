import type { SimulatorMirror, SimulatorOptions } from "./types.js";
export async function createMirror(_options: SimulatorOptions & { readonly dir: string }): Promise<SimulatorMirror> {
  throw new Error("not yet");
}
