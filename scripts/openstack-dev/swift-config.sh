#!/usr/bin/env bash
# swift-config.sh DIR KEYSTONE_URL SWIFT_PORT SWIFT_SERVICE_PASSWORD — writes the rings and the
# server configs of a one-replica Swift under DIR/swift (called by start.sh; idempotent).
set -euo pipefail
BASE=$1 KS_URL=$2 SWIFT_PORT=$3 SWIFT_PASSWORD=$4
OBJ_PORT=6200 CONT_PORT=6201 ACCT_PORT=6202
PY=/usr/bin/python3
SW_DIR="$BASE/swift"; ETC="$SW_DIR/etc"
mkdir -p "$ETC" "$SW_DIR/node/d1" "$SW_DIR/cache"
# swift keeps object metadata in user.* xattrs (ext4/xfs/btrfs: fine; old tmpfs/overlayfs: not)
$PY -c "import os,sys; f=sys.argv[1]+'/.xattr-test'; open(f,'w').close(); os.setxattr(f,'user.swift.test',b'x'*200); os.unlink(f)" "$SW_DIR/node/d1" \
  || { echo "the filesystem under $SW_DIR lacks user xattrs: use a DIR on ext4/xfs" >&2; exit 1; }
# swift servers always read /etc/swift/swift.conf (swift_dir only relocates the rings)
if [ ! -f /etc/swift/swift.conf ]; then
  mkdir -p /etc/swift
  printf '[swift-hash]\nswift_hash_path_suffix = osb-dev-suffix\nswift_hash_path_prefix = osb-dev-prefix\n[storage-policy:0]\nname = Policy-0\ndefault = yes\n' >/etc/swift/swift.conf
fi
if [ ! -f "$ETC/object.ring.gz" ]; then
  $PY - "$ETC" "$ACCT_PORT" "$CONT_PORT" "$OBJ_PORT" <<'EOF'
import sys
from swift.common.ring import RingBuilder
etc = sys.argv[1]
for name, port in zip(("account", "container", "object"), sys.argv[2:5]):
    b = RingBuilder(8, 1, 1)          # part_power 8, 1 replica, min_part_hours 1
    b.add_dev({"region": 1, "zone": 1, "ip": "127.0.0.1", "port": int(port), "device": "d1", "weight": 1})
    b.rebalance()
    b.save(f"{etc}/{name}.builder")
    b.get_ring().save(f"{etc}/{name}.ring.gz")
EOF
fi
common="[DEFAULT]
bind_ip = 127.0.0.1
workers = 0
user = $(id -un)
swift_dir = $ETC
devices = $SW_DIR/node
mount_check = false
disable_fallocate = true
recon_cache_path = $SW_DIR/cache
log_level = INFO
"
for t in account container object; do
  case $t in account) port=$ACCT_PORT;; container) port=$CONT_PORT;; object) port=$OBJ_PORT;; esac
  printf '%sbind_port = %s\nlog_name = %s-server\n\n[pipeline:main]\npipeline = healthcheck %s-server\n\n[app:%s-server]\nuse = egg:swift#%s\n\n[filter:healthcheck]\nuse = egg:swift#healthcheck\n' \
    "$common" "$port" "$t" "$t" "$t" "$t" >"$ETC/$t-server.conf"
done
cat >"$ETC/proxy-server.conf" <<EOF
${common}bind_port = $SWIFT_PORT
log_name = proxy-server

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging listing_formats authtoken keystoneauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = $KS_URL/v3
auth_url = $KS_URL/v3
auth_type = password
user_domain_id = default
project_domain_id = default
project_name = service
username = swift
password = $SWIFT_PASSWORD
delay_auth_decision = True
service_token_roles_required = True
include_service_catalog = False

[filter:keystoneauth]
use = egg:swift#keystoneauth
operator_roles = admin, member
reseller_admin_role = ResellerAdmin
EOF
