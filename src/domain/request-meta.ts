/** Request metadata the HTTP layer decodes from the envelope and every broker method receives. */

/** Who asked, as the platform sent it (X-Broker-API-Originating-Identity), kept with the operation. */
export interface OriginatingIdentity {
  readonly platform: string;
  readonly value: Readonly<Record<string, unknown>>;
}

/** Request metadata every method receives. */
export interface RequestMeta {
  readonly apiVersion: string;
  readonly originatingIdentity?: OriginatingIdentity;
  readonly requestIdentity?: string;
  /** `accepts_incomplete=true` was sent. */
  readonly acceptsIncomplete: boolean;
}
