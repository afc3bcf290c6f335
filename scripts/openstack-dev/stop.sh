#!/usr/bin/env bash
# stop.sh [DIR] — stops what start.sh started, by its saved PIDs only (state in DIR is kept).
set -uo pipefail
BASE=${1:-${OPENSTACK_DEV_DIR:-/tmp/osb-openstack}}
PIDS="$BASE/pids"
[ -d "$PIDS" ] || { echo "nothing to stop in $BASE"; exit 0; }
# alive = exists and is not a zombie (in containers PID 1 may reap orphans late)
pid_alive() { [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)" != Z ]; }
declare -A todo=()
for f in "$PIDS"/*.pid; do
  [ -e "$f" ] || continue
  pid=$(cat "$f"); name=$(basename "$f" .pid)
  # guard against PID reuse: only our kinds of process
  if [[ "$pid" =~ ^[0-9]+$ ]] && pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qE 'uwsgi|swift-'; then
    kill -TERM "$pid" 2>/dev/null && todo[$pid]=$name
  fi
  rm -f "$f"
done
for ((i = 0; i < 150 && ${#todo[@]} > 0; i++)); do
  for pid in "${!todo[@]}"; do pid_alive "$pid" || unset "todo[$pid]"; done
  [ ${#todo[@]} -gt 0 ] && sleep 0.1
done
for pid in "${!todo[@]}"; do
  echo "${todo[$pid]} ($pid) ignored SIGTERM for 15 s: SIGKILL"
  kids=$(awk -v p="$pid" '$4==p{print $1}' /proc/[0-9]*/stat 2>/dev/null)
  kill -KILL "$pid" $kids 2>/dev/null
done
echo "stopped"
