import { describe, expect, it } from "vitest";
import { containsUnknown, decodeDynamic, encodeDynamic, isUnknown, UNKNOWN } from "./msgpack-values.js";

describe("terraform's msgpack value encoding", () => {
  it("decodes unknown (extension 0) and encodes it back as extension 0", () => {
    // {"id": unknown, "n": 3} as terraform writes it: fixmap(2), "id", fixext1 type 0, "n", 3
    const wire = Buffer.from([0x82, 0xa2, 0x69, 0x64, 0xd4, 0x00, 0x00, 0xa1, 0x6e, 0x03]);
    const value = decodeDynamic({ msgpack: wire }) as Record<string, unknown>;
    expect(isUnknown(value.id)).toBe(true);
    expect(value.n).toBe(3);
    expect(encodeDynamic(value as never).msgpack.equals(wire)).toBe(true);
  });

  it("passes refined unknowns (extension 12) back byte for byte", () => {
    const refinement = Buffer.from([0x81, 0x01, 0xc2]); // {1: false}: "definitely not null"
    const wire = Buffer.concat([Buffer.from([0x91, 0xc7, refinement.length, 0x0c]), refinement]);
    const value = decodeDynamic({ msgpack: wire }) as unknown[];
    expect(isUnknown(value[0])).toBe(true);
    expect(containsUnknown(value as never)).toBe(true);
    expect(encodeDynamic(value as never).msgpack.equals(wire)).toBe(true);
  });

  it("round-trips nulls, strings, floats, big integers and nested collections", () => {
    const value = { s: "x", f: 1.5, big: 2 ** 40, neg: -7, none: null, list: [true, false], map: { a: "b" } };
    expect(decodeDynamic(encodeDynamic(value))).toEqual(value);
    expect(decodeDynamic({ msgpack: encodeDynamic(null).msgpack })).toBeNull();
    expect(decodeDynamic(undefined)).toBeNull();
    expect(decodeDynamic({ json: Buffer.from('{"a":1}') })).toEqual({ a: 1 });
    expect(encodeDynamic({ u: UNKNOWN }).msgpack.includes(Buffer.from([0xd4, 0x00, 0x00]))).toBe(true);
  });
});
