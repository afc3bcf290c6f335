import { pino } from "pino";

/** The logger shape the broker uses (pino's). Never log secrets: log ids, states and messages only. */
export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  /** pino level; default `info` (env LOG_LEVEL). `silent` for tests. */
  readonly level?: string;
  /** Where the JSON lines go; default stdout (tests capture them here). */
  readonly destination?: { write(line: string): unknown };
}

/** A pino logger writing JSON lines to stdout. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const pinoOptions = { level: options.level ?? process.env.LOG_LEVEL ?? "info", base: undefined };
  return (options.destination === undefined
    ? pino(pinoOptions)
    : pino(pinoOptions, options.destination as NodeJS.WritableStream)) as unknown as Logger;
}

/** A logger that drops everything (tests). */
export function createSilentLogger(): Logger {
  return createLogger({ level: "silent" });
}
