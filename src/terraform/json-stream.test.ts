import { describe, expect, it } from "vitest";
import { createJsonStreamParser, parseEventLine } from "./json-stream.js";
import type { TerraformEvent } from "./types.js";

const line = (type: string, message: string) =>
  JSON.stringify({ "@level": "info", "@message": message, "@timestamp": "2026-01-01T00:00:00Z", type });

describe("createJsonStreamParser", () => {
  it("reassembles lines split across chunks and multi-byte characters split across buffers", () => {
    const events: TerraformEvent[] = [];
    const parser = createJsonStreamParser({ onEvent: (e) => events.push(e) });
    const bytes = Buffer.from(`${line("version", "Terraform 1.11.4")}\n${line("log", "héllo ✓")}\n`);
    for (let i = 0; i < bytes.length; i += 7) parser.push(bytes.subarray(i, i + 7));
    parser.end();
    expect(events.map((e) => e.message)).toEqual(["Terraform 1.11.4", "héllo ✓"]);
    expect(events[0]).toMatchObject({ level: "info", type: "version", timestamp: "2026-01-01T00:00:00Z" });
    expect(events[0].raw.type).toBe("version");
  });

  it("passes non-JSON lines to onText and flushes a last line without newline", () => {
    const events: TerraformEvent[] = [];
    const text: string[] = [];
    const parser = createJsonStreamParser({ onEvent: (e) => events.push(e), onText: (t) => text.push(t) });
    parser.push("Warning: something odd\r\n\n{not json}\n[1,2]\n");
    parser.push(line("log", "tail"));
    expect(events).toHaveLength(0);
    parser.end();
    expect(text).toEqual(["Warning: something odd", "{not json}", "[1,2]"]);
    expect(events.map((e) => e.message)).toEqual(["tail"]);
  });

  it("parseEventLine gives empty strings for missing fields", () => {
    expect(parseEventLine('{"x":1}')).toMatchObject({ level: "", message: "", type: "", timestamp: "" });
    expect(parseEventLine("null")).toBeUndefined();
  });
});
