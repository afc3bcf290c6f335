import type { OriginatingIdentity } from "../domain/request-meta.js";

/**
 * A pino-compatible logger: `(object, message)` at each level. The HTTP layer logs request outcomes
 * at debug, refused requests at info/warn and unexpected failures at error — never bodies or headers
 * that may carry secrets (Authorization, credentials, parameters).
 */
export interface OsbLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  /** pino's: whether lines of `level` are written (absent: assume they are). */
  isLevelEnabled?(level: string): boolean;
}

/** A logger that drops everything (the default when none is given). */
export const silentLogger: OsbLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
};

/** Values the envelope middleware leaves on the hono context for the route handlers. */
export interface OsbVariables {
  /** X-Broker-API-Version as sent (validated to be 2.13..2.17). */
  apiVersion: string;
  /** X-Broker-API-Request-Identity, when sent. */
  requestIdentity: string | undefined;
  /** Decoded X-Broker-API-Originating-Identity, when sent. */
  originatingIdentity: OriginatingIdentity | undefined;
}

/** The hono environment of the OSB app. */
export interface OsbEnv {
  Variables: OsbVariables;
}
