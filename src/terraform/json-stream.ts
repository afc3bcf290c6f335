import { StringDecoder } from "node:string_decoder";
import type { TerraformEvent } from "./types.js";

/**
 * Parsing of terraform's `-json` machine-readable UI stream: one JSON object per line, arriving in
 * arbitrary chunks. Partial lines are buffered until their newline; lines that are not a JSON object
 * (a stray warning, a panic trace) are handed to `onText` instead of failing the parse.
 */

/** Options of {@link createJsonStreamParser}. */
export interface JsonStreamParserOptions {
  /** Called for every complete line that is a terraform UI event. */
  readonly onEvent: (event: TerraformEvent) => void;
  /** Called for every complete, non-blank line that is not a JSON object. */
  readonly onText?: (line: string) => void;
}

/** An incremental line parser: `push` chunks as they arrive, `end` once the stream closes. */
export interface JsonStreamParser {
  push(chunk: string | Uint8Array): void;
  /** Flushes a final line that had no trailing newline. */
  end(): void;
}

/** Turns one line into a {@link TerraformEvent}, or `undefined` when it is not a JSON object. */
export function parseEventLine(line: string): TerraformEvent | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith("{")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
  return toTerraformEvent(parsed as Record<string, unknown>);
}

/** Wraps an already-parsed UI object as a {@link TerraformEvent}. */
export function toTerraformEvent(raw: Record<string, unknown>): TerraformEvent {
  const text = (value: unknown): string => (typeof value === "string" ? value : "");
  return {
    level: text(raw["@level"]),
    message: text(raw["@message"]),
    type: text(raw.type),
    timestamp: text(raw["@timestamp"]),
    raw,
  };
}

/** Creates a parser for terraform's `-json` stream (UTF-8 safe across chunk boundaries). */
export function createJsonStreamParser(options: JsonStreamParserOptions): JsonStreamParser {
  const decoder = new StringDecoder("utf8");
  let buffered = "";

  const handleLine = (line: string): void => {
    if (line.trim() === "") return;
    const event = parseEventLine(line);
    if (event) options.onEvent(event);
    else options.onText?.(line.replace(/\r$/, ""));
  };

  return {
    push(chunk) {
      buffered += typeof chunk === "string" ? chunk : decoder.write(Buffer.from(chunk));
      let newline = buffered.indexOf("\n");
      while (newline !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        handleLine(line);
        newline = buffered.indexOf("\n");
      }
    },
    end() {
      buffered += decoder.end();
      const rest = buffered;
      buffered = "";
      handleLine(rest);
    },
  };
}
