import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { INIT_CACHE_DIR } from "../../src/workspace/init-cache.js";

/**
 * What a WORK_DIR holds besides what `terraform init` made (the init templates of
 * src/workspace/init-cache.ts: only `.terraform/` and `.terraform.lock.hcl` per template, never a
 * variables file or a cloud's files). Every other entry is a leftover, as a path relative to `workDir`.
 */
export async function workDirLeftovers(workDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(workDir)) {
    if (name !== INIT_CACHE_DIR) {
      out.push(name);
      continue;
    }
    for (const template of await readdir(join(workDir, name)))
      for (const entry of await readdir(join(workDir, name, template)))
        if (entry !== ".terraform" && entry !== ".terraform.lock.hcl") out.push(join(name, template, entry));
  }
  return out;
}
