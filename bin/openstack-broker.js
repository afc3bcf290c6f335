#!/usr/bin/env node
// The broker runs its TypeScript sources (and the platform engineers' stacks) through tsx.
import { register } from "tsx/esm/api";

register();
const { run } = await import("../src/cli/main.ts");
await run(process.argv.slice(2));
