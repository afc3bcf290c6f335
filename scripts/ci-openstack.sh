#!/usr/bin/env bash
# ci-openstack.sh [DIR] — for CI (.ci/run): installs and starts the real Keystone + Swift of
# scripts/openstack-dev on 127.0.0.1, then writes what the tests need into DIR/env:
#   OPENSTACK_DEV_DIR (the tests read DIR/clouds.yaml: clouds admin, demo, demo-appcred), SWIFT_DEMO_URL.
# No OS_* variables: a broker process started by a test would take them as "a real cloud is configured".
# Usage in .ci/run:   scripts/ci-openstack.sh && . /tmp/osb-openstack/env && CI=true npm test
# With CI=true the Swift tests fail (not skip) when these services are not up.
# Exit status non-zero (with the failing step and its log file) when anything is not healthy.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=${1:-${OPENSTACK_DEV_DIR:-/tmp/osb-openstack}}
start=$EPOCHREALTIME
"$HERE/openstack-dev/start.sh" "$DIR"
[ -s "$DIR/env" ] && [ -s "$DIR/clouds.yaml" ] || { echo "ci-openstack: $DIR/env or clouds.yaml missing" >&2; exit 1; }
echo "ci-openstack: Keystone + Swift ready in $(awk "BEGIN{printf \"%.1f\", $EPOCHREALTIME - $start}") s; . $DIR/env" >&2
