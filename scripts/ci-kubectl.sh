#!/usr/bin/env bash
# ci-kubectl.sh [DIR] — for CI (.ci/run): Debian's kubernetes-client (kubectl 1.20 with kustomize
# v2.0.3, the oldest kustomize deploy/kubernetes promises to work with) unpacked into DIR (default
# /tmp/osb-kubectl); then `export KUBECTL=DIR/usr/bin/kubectl` for test/deploy.
# The package is fetched with apt-get and unpacked with dpkg-deb instead of installed: a machine may
# already have another package owning /usr/bin/kubectl (e.g. the Google Cloud SDK's), with which
# `apt-get install kubernetes-client` would collide. Needs root only for `apt-get update`.
# Exits non-zero, saying why, when it cannot provide a working kubectl.
set -euo pipefail
DIR=${1:-/tmp/osb-kubectl}
kubectl="$DIR/usr/bin/kubectl"
if [ -x "$kubectl" ] && "$kubectl" version --client >/dev/null 2>&1; then
  echo "ci-kubectl: $("$kubectl" version --client --short 2>/dev/null || "$kubectl" version --client) at $kubectl" >&2
  exit 0
fi
mkdir -p "$DIR/deb"
cd "$DIR/deb"
if ! apt-cache show kubernetes-client >/dev/null 2>&1; then
  apt-get -o DPkg::Lock::Timeout=300 update -qq >"$DIR/apt.log" 2>&1 || { tail -20 "$DIR/apt.log" >&2; echo "ci-kubectl: apt-get update failed" >&2; exit 1; }
fi
rm -f kubernetes-client_*.deb
# As root, apt-get downloads unsandboxed (a warning, not an error).
apt-get download kubernetes-client >>"$DIR/apt.log" 2>&1 || { tail -20 "$DIR/apt.log" >&2; echo "ci-kubectl: apt-get download kubernetes-client failed" >&2; exit 1; }
dpkg-deb -x kubernetes-client_*.deb "$DIR"
"$kubectl" version --client >/dev/null || { echo "ci-kubectl: $kubectl does not run" >&2; exit 1; }
echo "ci-kubectl: $(dpkg-deb -f kubernetes-client_*.deb Package Version | tr '\n' ' ')-> $kubectl" >&2
