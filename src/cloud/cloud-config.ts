/** The resolved form of one clouds.yaml entry (see clouds-yaml.ts for the loader). */

/** Keystone v3 credentials, one variant per supported `auth_type`. */
export type CloudAuth =
  | {
      readonly type: "password";
      readonly authUrl: string;
      readonly username?: string;
      readonly userId?: string;
      readonly password: string;
      readonly userDomainName?: string;
      readonly userDomainId?: string;
      readonly projectName?: string;
      readonly projectId?: string;
      readonly projectDomainName?: string;
      readonly projectDomainId?: string;
    }
  | {
      readonly type: "v3applicationcredential";
      readonly authUrl: string;
      readonly applicationCredentialId?: string;
      readonly applicationCredentialName?: string;
      readonly applicationCredentialSecret: string;
      /** Needed with a credential name: its owner. */
      readonly username?: string;
      readonly userId?: string;
      readonly userDomainName?: string;
      readonly userDomainId?: string;
    }
  | {
      readonly type: "token";
      readonly authUrl: string;
      readonly token: string;
      readonly projectName?: string;
      readonly projectId?: string;
      readonly projectDomainName?: string;
      readonly projectDomainId?: string;
    };

/** One cloud entry of clouds.yaml, resolved (secure.yaml merged) and validated. */
export interface CloudConfig {
  /** The entry's name under `clouds:`. */
  readonly name: string;
  /** The clouds.yaml it came from (absolute). */
  readonly file: string;
  /** The secure.yaml merged over it, if any. */
  readonly secureFile?: string;
  readonly auth: CloudAuth;
  /**
   * The region, as openstacksdk picks it: the first of `regions` (its `values` merged over the entry),
   * else the first of a comma-separated `region_name`, else `region_name`. Absent: no region (terraform
   * then reports `""` and takes the first endpoint of each service).
   */
  readonly regionName?: string;
  /** Endpoint interface from the catalog; default `public`. */
  readonly interface: "public" | "internal" | "admin";
  /** TLS verification (`verify`, or the legacy `insecure`); default true. */
  readonly verify: boolean;
  /** CA bundle file (`cacert`): absolute (relative paths start at the clouds.yaml's directory), exists, holds a PEM certificate. */
  readonly cacert?: string;
  /** Client certificate (`cert`), absolute like `cacert`. */
  readonly clientCert?: string;
  /** Client key (`key`), absolute; absent with `cert`: the key is in the certificate's file. */
  readonly clientKey?: string;
  /** `object_store_endpoint_override`: a Swift URL used instead of the catalog's. */
  readonly objectStoreEndpointOverride?: string;
}
