import { describe, expect, it } from "vitest";
import { locateJsonError } from "./json-position.js";

describe("locateJsonError", () => {
  it("accepts what JSON.parse accepts", () => {
    for (const text of ['{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"]}', " 1 ", '"s"', "[]", "{}"]) {
      expect(JSON.parse(text)).toBeDefined();
      expect(locateJsonError(text)).toBeUndefined();
    }
  });

  it("names line, column and what was expected", () => {
    expect(locateJsonError('{"a": }')).toEqual({
      offset: 6,
      line: 1,
      column: 7,
      reason: 'unexpected "}", expected a value',
    });
    expect(locateJsonError('{\n  "a": 1\n  "b": 2\n}')).toMatchObject({
      line: 3,
      column: 3,
      reason: `unexpected "\\"", expected ',' or '}'`,
    });
    expect(locateJsonError("{'a': 1}")).toMatchObject({
      line: 1,
      column: 2,
      reason: 'unexpected "\'", expected a property name in double quotes',
    });
    expect(locateJsonError('{"a": [1, 2}')).toMatchObject({
      column: 12,
      reason: "unexpected \"}\", expected ',' or ']'",
    });
    expect(locateJsonError('{"a": 1')).toMatchObject({
      column: 8,
      reason: "unexpected end of input, expected ',' or '}'",
    });
    expect(locateJsonError("{} x")).toMatchObject({ column: 4, reason: 'unexpected "x" after the JSON value' });
    expect(locateJsonError('"abc')).toMatchObject({ reason: "unterminated string" });
    expect(locateJsonError("tru")).toMatchObject({ reason: "unexpected end of input, expected 'true'" });
  });
});
