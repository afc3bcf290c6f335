import { accessSync, constants, statSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** tmpfs's magic number in statfs(2) `f_type`. */
const TMPFS_MAGIC = 0x01021994;

/** Options of {@link defaultWorkDir} (the defaults are the real places; tests change them). */
export interface DefaultWorkDirOptions {
  /** The memory file system looked at first. Default `/dev/shm`. */
  readonly shm?: string;
  /** The fallback's parent. Default `os.tmpdir()` ($TMPDIR). */
  readonly tmp?: string;
  /** Free space `shm` must have. Default 32 MiB (a run's directory holds well under 1 MiB; Docker's default /dev/shm is 64 MB). */
  readonly minFreeBytes?: number;
}

/**
 * The default WORK_DIR. A run's directory holds terraform.tfvars.json (request secrets) and the
 * cloud's clouds.yaml while terraform runs, so by default it is in memory: `/dev/shm/openstack-broker-work-<uid>`
 * when /dev/shm is a tmpfs this user can write with at least `minFreeBytes` free (the uid keeps users
 * of one host apart in that shared folder); otherwise `$TMPDIR/openstack-broker-work`.
 */
export function defaultWorkDir(options: DefaultWorkDirOptions = {}): string {
  const shm = options.shm ?? "/dev/shm";
  const minFree = options.minFreeBytes ?? 32 * 1024 * 1024;
  const fallback = join(options.tmp ?? tmpdir(), "openstack-broker-work");
  try {
    if (!statSync(shm).isDirectory()) return fallback;
    accessSync(shm, constants.W_OK | constants.X_OK);
    const fs = statfsSync(shm, { bigint: true });
    if (Number(fs.type) !== TMPFS_MAGIC || fs.bavail * fs.bsize < BigInt(minFree)) return fallback;
  } catch {
    return fallback;
  }
  const uid = typeof process.getuid === "function" ? process.getuid() : 0;
  return join(shm, `openstack-broker-work-${uid}`);
}
