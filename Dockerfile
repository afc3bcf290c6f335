# openstack-service-broker: the broker, terraform, and the stacks, on Node 20.
FROM node:20-bookworm-slim

ARG TERRAFORM_VERSION=1.11.4
# SHA-256 of terraform_${TERRAFORM_VERSION}_linux_amd64.zip as published in HashiCorp's SHA256SUMS.
ARG TERRAFORM_SHA256=1ce994251c00281d6845f0f268637ba50c0005657eb3cf096b92f753b42ef4dc

RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl unzip \
 && curl -fsSLo /tmp/terraform.zip "https://releases.hashicorp.com/terraform/${TERRAFORM_VERSION}/terraform_${TERRAFORM_VERSION}_linux_amd64.zip" \
 && echo "${TERRAFORM_SHA256}  /tmp/terraform.zip" | sha256sum -c - \
 && unzip -q /tmp/terraform.zip terraform -d /usr/local/bin \
 && rm /tmp/terraform.zip \
 && apt-get purge -y curl unzip && apt-get autoremove -y && rm -rf /var/lib/apt/lists/* \
 && terraform version

WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/generate-bindings.ts scripts/
COPY schema/ schema/
# npm ci runs `prepare`, which generates the OpenStack provider bindings from schema/ (offline, needs
# the dev dependencies); then the dev dependencies go.
RUN npm ci && npm prune --omit=dev
COPY . .

RUN useradd --system --uid 10001 --home-dir /app broker \
 && mkdir -p /var/lib/openstack-broker && chown broker /var/lib/openstack-broker
USER broker

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    STATE_DIR=/var/lib/openstack-broker/state \
    WORK_DIR=/tmp/openstack-broker-work \
    TF_PLUGIN_CACHE_DIR=/var/lib/openstack-broker/plugin-cache
EXPOSE 8080
ENTRYPOINT ["node", "/app/bin/openstack-broker.js"]
CMD ["serve"]
