#!/usr/bin/env bash
# Registers the broker with Cloud Foundry, or with Korifi (Cloud Foundry's API on Kubernetes), with
# the cf CLI: `cf api` and `cf login` as an admin first (Korifi: `cf api https://<korifi-api>`).
#   BROKER_URL=https://openstack-broker.example.com ./register.sh deploy/kubernetes/overlays/production/secrets/broker-auth.env
# BROKER_URL: how the platform reaches the broker. Korifi in the same cluster can use the Service
# (http://openstack-broker.openstack-broker.svc:8080); a Cloud Foundry outside the cluster needs an
# Ingress or LoadBalancer in front of it, with TLS (basic auth travels in every request).
# SERVICES: the services to make visible in every org (space-separated); default: every service of
# the catalog in CATALOG_DIR (default: this repository's catalog/, what the image serves).
set -euo pipefail
auth_file=${1:?usage: BROKER_URL=... register.sh path/to/broker-auth.env}
: "${BROKER_URL:?set BROKER_URL}"
BROKER_NAME=${BROKER_NAME:-openstack-broker}
username=$(sed -n 's/^username=//p' "$auth_file")
password=$(sed -n 's/^password=//p' "$auth_file")

# awk reads the whole listing (grep -q would stop early and, under pipefail, fail the pipeline).
if cf service-brokers | awk -v name="$BROKER_NAME" '$1 == name { found = 1 } END { exit !found }'; then
  cf update-service-broker "$BROKER_NAME" "$username" "$password" "$BROKER_URL"
else
  cf create-service-broker "$BROKER_NAME" "$username" "$password" "$BROKER_URL"
fi
catalog_dir=${CATALOG_DIR:-$(dirname "$0")/../../../../catalog}
# A service's name is the `name:` right under its `- id:` (two spaces); plans are indented deeper.
for service in ${SERVICES:-$(sed -n 's/^  name: *//p' "$catalog_dir"/*.yaml)}; do
  cf enable-service-access "$service" -b "$BROKER_NAME"
done
cf marketplace -b "$BROKER_NAME"
