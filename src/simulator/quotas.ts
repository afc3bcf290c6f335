import type { SimulatorConfig, SimulatorQuotas } from "./config-types.js";
import { apiErrorMessage } from "./api-errors.js";

/** Quota consumption, by quota name. */
export type QuotaUsage = { -readonly [K in keyof SimulatorQuotas]: number };

/** Zero usage. */
export function noUsage(): QuotaUsage {
  return { instances: 0, cores: 0, ram: 0, volumes: 0, gigabytes: 0 };
}

/** Adds b into a. */
export function addUsage(a: QuotaUsage, b: Partial<QuotaUsage>): QuotaUsage {
  for (const key of Object.keys(a) as (keyof QuotaUsage)[]) a[key] += b[key] ?? 0;
  return a;
}

/**
 * Checks a request against the limits; returns the service's error text when one is exceeded
 * (Nova 403 "Quota exceeded for cores: ...", Cinder 413 "VolumeSizeExceedsAvailableQuota: ..."),
 * or undefined when it fits.
 */
export function checkQuota(
  type: string,
  config: SimulatorConfig,
  used: QuotaUsage,
  requested: Partial<QuotaUsage>,
): string | undefined {
  const limits = config.quotas;
  const over = (key: keyof QuotaUsage) => {
    const want = requested[key] ?? 0;
    return want > 0 && limits[key] >= 0 && used[key] + want > limits[key];
  };
  const isCinder = type.startsWith("openstack_blockstorage_");
  const isTrove = type.startsWith("openstack_db_");
  for (const key of ["instances", "cores", "ram"] as const) {
    if (!over(key)) continue;
    if (isTrove) {
      return apiErrorMessage(type, "create", 413, {
        overLimit: { code: 413, message: `Quota exceeded for resources: ['${key}'].` },
      });
    }
    const unit = key === "ram" ? "ram" : key;
    return apiErrorMessage(type, "create", 403, {
      forbidden: {
        code: 403,
        message: `Quota exceeded for ${unit}: Requested ${requested[key]}, but already used ${used[key]} of ${limits[key]} ${unit}`,
      },
    });
  }
  if (over("volumes")) {
    const message = isTrove
      ? `Quota exceeded for resources: ['volumes'].`
      : `VolumeLimitExceeded: Maximum number of volumes allowed (${limits.volumes}) exceeded for quota 'volumes'.`;
    return apiErrorMessage(type, "create", 413, { overLimit: { code: 413, message, retryAfter: "0" } });
  }
  if (over("gigabytes")) {
    const message =
      isCinder || !isTrove
        ? `VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. ` +
          `Requested ${requested.gigabytes}G, quota is ${limits.gigabytes}G and ${used.gigabytes}G has been consumed.`
        : `Quota exceeded for resources: ['volumes'].`;
    return apiErrorMessage(type, "create", 413, { overLimit: { code: 413, message, retryAfter: "0" } });
  }
  return undefined;
}
