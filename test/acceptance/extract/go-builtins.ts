/**
 * The library calls acceptance configs are built with: fmt.Sprintf, the SDK's acctest random names
 * (made deterministic so the committed corpus is stable), strings/strconv helpers, os.Getenv (the
 * OS_* facts of the environment the tests run in) and os.CreateTemp (a file shipped with the config).
 */
import { createHash } from "node:crypto";
import { goSprintf } from "./go-sprintf.js";
import type { GoValue } from "./go-values.js";
import { asNumber, asString, goString } from "./go-values.js";

/** What library calls read from and record into, per evaluated test. */
export interface BuiltinContext {
  /** OS_* variable → value in the simulated environment ("" when the variable is not set there). */
  readonly env: (name: string) => string;
  /** Deterministic stand-in for math/rand, seeded per test. */
  readonly random: DeterministicRandom;
  /** Temp files created so far in this test (their count names the next). */
  readonly tempFiles: GoValue[];
}

/** A seeded generator: the same seed gives the same names on every machine and every run. */
export class DeterministicRandom {
  private counter = 0;
  constructor(private readonly seed: string) {}

  /** A non-negative integer below 2^48. */
  next(): number {
    const digest = createHash("sha256")
      .update(`${this.seed}:${this.counter++}`)
      .digest();
    return digest.readUIntBE(0, 6);
  }
}

// acctest.CharSetAlpha / CharSetAlphaNum (terraform-plugin-testing helper/acctest).
const ALPHA = "abcdefghijklmnopqrstuvwxyz";
const ALPHANUM = ALPHA + "0123456789";

function randString(ctx: BuiltinContext, length: number, charset: string): string {
  let out = "";
  for (let n = 0; n < length; n++) out += charset[ctx.random.next() % charset.length];
  return out;
}

type Builtin = (ctx: BuiltinContext, args: readonly GoValue[]) => GoValue;

const BUILTINS: Readonly<Record<string, Builtin>> = {
  "fmt.Sprintf": (_ctx, [format, ...rest]) => goSprintf(asString(format, "fmt.Sprintf format"), rest),
  "fmt.Sprint": (_ctx, args) => args.map(goString).join(""),
  "acctest.RandomWithPrefix": (ctx, [prefix]) => `${asString(prefix, "RandomWithPrefix")}-${ctx.random.next()}`,
  "acctest.RandInt": (ctx) => ctx.random.next(),
  "acctest.RandIntRange": (ctx, [min, max]) => {
    const low = asNumber(min, "RandIntRange");
    return low + (ctx.random.next() % (asNumber(max, "RandIntRange") - low));
  },
  "acctest.RandString": (ctx, [length]) => randString(ctx, asNumber(length, "RandString"), ALPHA),
  "acctest.RandStringFromCharSet": (ctx, [length, charset]) =>
    randString(ctx, asNumber(length, "RandStringFromCharSet"), asString(charset, "RandStringFromCharSet")),
  "strings.ToLower": (_ctx, [s]) => asString(s, "strings.ToLower").toLowerCase(),
  "strings.ToUpper": (_ctx, [s]) => asString(s, "strings.ToUpper").toUpperCase(),
  "strings.TrimSpace": (_ctx, [s]) => asString(s, "strings.TrimSpace").trim(),
  "strings.ReplaceAll": (_ctx, [s, from, to]) =>
    asString(s, "strings.ReplaceAll").split(asString(from, "ReplaceAll")).join(asString(to, "ReplaceAll")),
  "strconv.Itoa": (_ctx, [n]) => String(asNumber(n, "strconv.Itoa")),
  "os.Getenv": (ctx, [name]) => ctx.env(asString(name, "os.Getenv")),
  "os.CreateTemp": (ctx, [dir, pattern]) => {
    const prefix = dir === "" ? "" : `${asString(dir, "os.CreateTemp dir")}/`;
    const file: GoValue = {
      kind: "tempfile",
      name: `${prefix}${asString(pattern, "os.CreateTemp")}${ctx.tempFiles.length + 1}`,
    };
    ctx.tempFiles.push(file);
    return file;
  },
  string: (_ctx, [s]) => asString(s, "string()"),
};

/** Package-level values the configs may read (acctest's character sets). */
export const BUILTIN_VALUES: Readonly<Record<string, GoValue>> = {
  "acctest.CharSetAlpha": ALPHA,
  "acctest.CharSetAlphaNum": ALPHANUM,
};

/** The library function `name` (`pkg.Func`), or undefined when it is not modelled. */
export function builtin(name: string): Builtin | undefined {
  return BUILTINS[name];
}
