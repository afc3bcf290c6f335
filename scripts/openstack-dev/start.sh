#!/usr/bin/env bash
# start.sh [DIR] — a real OpenStack Keystone + Swift ("Swift All In One", one replica) on 127.0.0.1
# from Debian 12 packages, for development and CI. Runs as root, needs no systemd.
#
#   DIR defaults to $OPENSTACK_DEV_DIR or /tmp/osb-openstack. Everything lives under DIR:
#   keystone db + keys, swift rings + objects, logs/, pids/, clouds.yaml and env (`. DIR/env`).
#
# Idempotent: when everything already runs and answers, it only re-checks and exits. State is kept
# across stop/start; FRESH=1 wipes DIR first (only a DIR this script created). SKIP_INSTALL=1 never
# calls apt-get. Ports: KS_PORT=5000, SWIFT_PORT=8080, 6200-6202 for object/container/account.
# Stop with scripts/openstack-dev/stop.sh DIR. See README.md for the gotchas behind each choice.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BASE=${1:-${OPENSTACK_DEV_DIR:-/tmp/osb-openstack}}
mkdir -p "$BASE"; BASE=$(cd "$BASE" && pwd)
KS_PORT=${KS_PORT:-5000}; SWIFT_PORT=${SWIFT_PORT:-8080}
OBJ_PORT=6200; CONT_PORT=6201; ACCT_PORT=6202
ADMIN_PASSWORD=admin-secret DEMO_PASSWORD=demo-secret SWIFT_PASSWORD=swift-service-secret
APPCRED_SECRET=appcred-secret
PY=/usr/bin/python3                      # Debian's python, not a pyenv shim that may come first
KS_URL="http://127.0.0.1:$KS_PORT"; SW_URL="http://127.0.0.1:$SWIFT_PORT"
KS_DIR="$BASE/keystone"; SW_DIR="$BASE/swift"; ETC="$SW_DIR/etc"; PIDS="$BASE/pids"; LOGS="$BASE/logs"
SERVICES="swift-account swift-container swift-object swift-proxy keystone"
T0=$EPOCHREALTIME
log() { printf '[openstack-dev %5.1fs] %s\n' "$(awk "BEGIN{print $EPOCHREALTIME - $T0}")" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (it installs Debian packages and writes /etc/swift/swift.conf)"

# ------------------------------------------------------------------------------------ install
PKGS=(python3-keystone python3-keystonemiddleware uwsgi-core uwsgi-plugin-python3
      swift swift-proxy swift-account swift-container swift-object curl jq)
need=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  [ "${SKIP_INSTALL:-0}" = 1 ] && die "missing packages: ${need[*]}"
  log "apt-get install ${need[*]}"
  if [ ! -e /usr/sbin/policy-rc.d ]; then  # no init system: post-install scripts must not start daemons
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get -o DPkg::Lock::Timeout=300 update -qq >"$BASE/apt.log" 2>&1 || { tail -20 "$BASE/apt.log" >&2; die "apt-get update failed"; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${need[@]}" >>"$BASE/apt.log" 2>&1 || { tail -30 "$BASE/apt.log" >&2; die "apt-get install failed"; }
  log "install done"
fi

# ------------------------------------------------------------------------------------ helpers
pid_alive() { [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)" != Z ]; }
alive() { [ -f "$PIDS/$1.pid" ] && pid_alive "$(cat "$PIDS/$1.pid")"; }
wait_http() { # url code seconds [service: give up as soon as it died]
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    [ -n "${4:-}" ] && ! alive "$4" && return 1
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)" = "$2" ] && return 0
    sleep 0.1
  done
  return 1
}
healthy() {
  local p
  for p in $ACCT_PORT $CONT_PORT $OBJ_PORT $SWIFT_PORT; do wait_http "http://127.0.0.1:$p/healthcheck" 200 2 || return 1; done
  wait_http "$KS_URL/v3" 200 2
}
start_bg() { local name=$1; shift; nohup "$@" </dev/null >>"$LOGS/$name.log" 2>&1 & echo $! >"$PIDS/$name.pid"; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ks_token() { # user project password -> token
  curl -sS -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "$(jq -nc --arg u "$1" --arg pr "$2" --arg p "$3" '{auth:{identity:{methods:["password"],
          password:{user:{name:$u,domain:{id:"default"},password:$p}}},
          scope:{project:{name:$pr,domain:{id:"default"}}}}}')" \
    "$KS_URL/v3/auth/tokens" | awk 'tolower($1)=="x-subject-token:"{print $2}' | tr -d '\r'
}
ks() { curl -sS -f -X "$1" -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' ${3:+-d "$3"} "$KS_URL/v3$2"; }

# -------------------------------------------------------------------------------- idempotency
mkdir -p "$PIDS" "$LOGS"
all_up=1
for s in $SERVICES; do alive "$s" || all_up=0; done
if [ $all_up = 1 ] && [ "${FRESH:-0}" != 1 ] && [ -f "$BASE/env" ] && healthy; then
  log "already running; . $BASE/env"; exit 0
fi
ls "$PIDS"/*.pid >/dev/null 2>&1 && { log "stopping a partial instance"; "$HERE/stop.sh" "$BASE" >&2 || true; }
if [ "${FRESH:-0}" = 1 ] && [ -e "$BASE/.openstack-dev" ]; then log "FRESH=1: wiping $BASE"; find "$BASE" -mindepth 1 -delete; fi
mkdir -p "$PIDS" "$LOGS"; touch "$BASE/.openstack-dev"
for p in $KS_PORT $SWIFT_PORT $OBJ_PORT $CONT_PORT $ACCT_PORT; do
  port_busy "$p" && die "port $p on 127.0.0.1 is in use by another program"
done

# --------------------------------------------------------------------- swift: config + rings
# (in the background: ring building overlaps keystone's db set-up)
"$HERE/swift-config.sh" "$BASE" "$KS_URL" "$SWIFT_PORT" "$SWIFT_PASSWORD" >"$LOGS/swift-config.log" 2>&1 &
SWIFT_CONFIG_PID=$!

# ---------------------------------------------------------------------- keystone: db + start
# keystone.conf is rewritten at every start (the db and keys are kept)
mkdir -p "$KS_DIR/fernet-keys" "$KS_DIR/credential-keys"
chmod 700 "$KS_DIR"/*-keys
cat >"$KS_DIR/keystone.conf" <<EOF
[DEFAULT]
log_file = $LOGS/keystone-app.log
use_stderr = false
[database]
connection = sqlite:///$KS_DIR/keystone.db
[token]
provider = fernet
expiration = 14400
[fernet_tokens]
key_repository = $KS_DIR/fernet-keys
[fernet_receipts]
key_repository = $KS_DIR/fernet-keys
[credential]
key_repository = $KS_DIR/credential-keys
[identity]
password_hash_rounds = 4
[cache]
# in-process cache (1 process): token validation ~40 ms instead of ~1 s (800 sqlite queries)
enabled = true
backend = dogpile.cache.memory
EOF
if [ ! -f "$KS_DIR/.db-ready" ]; then
  log "keystone: db_sync, fernet keys, bootstrap"
  K="keystone-manage --config-file $KS_DIR/keystone.conf"
  # key repositories do not touch the db: set them up while db_sync runs
  $K fernet_setup --keystone-user root --keystone-group root >"$LOGS/keystone-fernet.log" 2>&1 & FERNET_PID=$!
  $K credential_setup --keystone-user root --keystone-group root >"$LOGS/keystone-credential.log" 2>&1 & CRED_PID=$!
  $K db_sync >>"$LOGS/keystone-manage.log" 2>&1 || die "db_sync failed (see $LOGS/keystone-manage.log)"
  # WAL, or later writes fail with "database is locked" (keystone holds a read transaction open)
  $PY -c "import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA journal_mode=WAL')" "$KS_DIR/keystone.db"
  $K bootstrap --bootstrap-password "$ADMIN_PASSWORD" --bootstrap-username admin \
    --bootstrap-project-name admin --bootstrap-role-name admin --bootstrap-service-name keystone \
    --bootstrap-region-id RegionOne --bootstrap-admin-url "$KS_URL/v3/" \
    --bootstrap-internal-url "$KS_URL/v3/" --bootstrap-public-url "$KS_URL/v3/" \
    >>"$LOGS/keystone-manage.log" 2>&1 || die "bootstrap failed (see $LOGS/keystone-manage.log)"
  wait $FERNET_PID || die "fernet_setup failed (see $LOGS/keystone-fernet.log)"
  wait $CRED_PID || die "credential_setup failed (see $LOGS/keystone-credential.log)"
  touch "$KS_DIR/.db-ready"
  log "keystone: db ready"
fi
wait $SWIFT_CONFIG_PID || { cat "$LOGS/swift-config.log" >&2; die "swift configuration failed"; }
for t in account container object; do start_bg "swift-$t" "swift-$t-server" "$ETC/$t-server.conf" -v; done
start_bg swift-proxy swift-proxy-server "$ETC/proxy-server.conf" -v
# 1 process, 1 thread (sqlite); "Connection: close" or clients that reuse the socket see ECONNRESET
OS_KEYSTONE_CONFIG_FILES="$KS_DIR/keystone.conf" start_bg keystone \
  uwsgi --plugins python3 --http-socket "127.0.0.1:$KS_PORT" --wsgi-file /usr/bin/keystone-wsgi-public \
  --master --die-on-term --processes 1 --threads 1 --lazy-apps --buffer-size 65535 --need-app \
  --add-header "Connection: close" --chdir "$KS_DIR" --disable-logging

# ----------------------------------------------------------------------------------- health
for t in account:$ACCT_PORT container:$CONT_PORT object:$OBJ_PORT proxy:$SWIFT_PORT; do
  wait_http "http://127.0.0.1:${t#*:}/healthcheck" 200 60 "swift-${t%:*}" \
    || die "swift ${t%:*} not healthy (see $LOGS/swift-${t%:*}.log)"
done
wait_http "$KS_URL/v3" 200 90 keystone || die "keystone not healthy (see $LOGS/keystone.log, keystone-app.log)"
log "all processes answer"

# ------------------------------------------------ keystone: projects, users, catalog, appcred
if [ ! -f "$KS_DIR/.bootstrapped" ]; then
  TOKEN=$(ks_token admin admin "$ADMIN_PASSWORD"); [ -n "$TOKEN" ] || die "cannot get an admin token"
  role_id() { ks GET "/roles?name=$1" | jq -r '.roles[0].id'; }
  ADMIN_ROLE=$(role_id admin); MEMBER_ROLE=$(role_id member)
  SERVICE_PROJECT=$(ks POST /projects '{"project":{"name":"service","domain_id":"default"}}' | jq -r .project.id)
  DEMO_PROJECT=$(ks POST /projects '{"project":{"name":"demo","domain_id":"default"}}' | jq -r .project.id)
  user() { ks POST /users "$(jq -nc --arg n "$1" --arg p "$2" --arg pr "$3" \
    '{user:{name:$n,domain_id:"default",password:$p,default_project_id:$pr}}')" | jq -r .user.id; }
  SWIFT_USER=$(user swift "$SWIFT_PASSWORD" "$SERVICE_PROJECT"); DEMO_USER=$(user demo "$DEMO_PASSWORD" "$DEMO_PROJECT")
  ks PUT "/projects/$SERVICE_PROJECT/users/$SWIFT_USER/roles/$ADMIN_ROLE" >/dev/null
  ks PUT "/projects/$DEMO_PROJECT/users/$DEMO_USER/roles/$MEMBER_ROLE" >/dev/null
  SVC=$(ks POST /services '{"service":{"name":"swift","type":"object-store"}}' | jq -r .service.id)
  for i in public internal admin; do
    ks POST /endpoints "$(jq -nc --arg s "$SVC" --arg i $i --arg u "$SW_URL/v1/AUTH_%(project_id)s" \
      '{endpoint:{service_id:$s,interface:$i,url:$u,region_id:"RegionOne"}}')" >/dev/null
  done
  TOKEN=$(ks_token demo demo "$DEMO_PASSWORD"); [ -n "$TOKEN" ] || die "cannot get a demo token"
  APPCRED_ID=$(ks POST "/users/$DEMO_USER/application_credentials" "$(jq -nc --arg s "$APPCRED_SECRET" \
    '{application_credential:{name:"ci-appcred",secret:$s}}')" | jq -r .application_credential.id)
  cloud() { # name user password
    printf '  %s:\n    auth:\n      auth_url: %s/v3\n      username: %s\n      password: %s\n      project_name: %s\n      user_domain_name: Default\n      project_domain_name: Default\n    region_name: RegionOne\n    interface: public\n    identity_api_version: 3\n' \
      "$1" "$KS_URL" "$2" "$3" "$2"
  }
  { echo "clouds:"; cloud admin admin "$ADMIN_PASSWORD"; cloud demo demo "$DEMO_PASSWORD"
    printf '  demo-appcred:\n    auth_type: v3applicationcredential\n    auth:\n      auth_url: %s/v3\n      application_credential_id: %s\n      application_credential_secret: %s\n    region_name: RegionOne\n    interface: public\n    identity_api_version: 3\n' \
      "$KS_URL" "$APPCRED_ID" "$APPCRED_SECRET"
  } >"$BASE/clouds.yaml"
  chmod 600 "$BASE/clouds.yaml"
  echo "$DEMO_PROJECT" >"$KS_DIR/demo-project-id"
  touch "$KS_DIR/.bootstrapped"
  log "keystone: projects service+demo, users swift+demo, object-store endpoints, app credential"
fi

# ------------------------------------------------------------------------ env files
# DIR/env: for tests and CI (sourced with `set -a` before npm test). No OS_CLOUD or
# OS_CLIENT_CONFIG_FILE in it: a broker started by a test would take them as "a cloud is configured".
# DIR/openrc: for people (openstack CLI, curl).
DEMO_PROJECT=$(cat "$KS_DIR/demo-project-id" 2>/dev/null || sed -n 's#.*/AUTH_##p' "$BASE/env" 2>/dev/null)
[ -n "$DEMO_PROJECT" ] || die "demo project id unknown: start again with FRESH=1"
printf 'export OPENSTACK_DEV_DIR=%s\nexport SWIFT_DEMO_URL=%s\n' "$BASE" "$SW_URL/v1/AUTH_$DEMO_PROJECT" >"$BASE/env"
printf 'export OS_CLIENT_CONFIG_FILE=%s\nexport OS_CLOUD=demo\n' "$BASE/clouds.yaml" >"$BASE/openrc"

# ----------------------------------------------------------------- smoke test (write path)
TOKEN=$(ks_token demo demo "$DEMO_PASSWORD"); URL=$(sed -n 's/^export SWIFT_DEMO_URL=//p' "$BASE/env")
h() { curl -s -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $TOKEN" "$@"; }
c="$URL/smoke-$$"
codes="$(h -X PUT "$c") $(h -X PUT --data-binary ok "$c/o") $(h "$c/o") $(h -X DELETE "$c/o") $(h -X DELETE "$c")"
[ "$codes" = "201 201 200 204 204" ] || die "smoke test failed: $codes (see $LOGS)"
log "ready: keystone $KS_URL/v3, swift $SW_URL; clouds admin, demo, demo-appcred in $BASE/clouds.yaml; . $BASE/env"
