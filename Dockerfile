# syntax=docker/dockerfile:1
# openstack-service-broker: the broker, terraform, the OpenStack provider and the stacks, in one image.
#
#   docker buildx build --platform linux/amd64,linux/arm64 -t registry.example.com/openstack-broker:0.1.0 --push .
#
# The build needs the network (npm, releases.hashicorp.com, registry.terraform.io); the image does not:
# terraform installs its provider from the filesystem mirror baked in below. docs/deploy.md, "The image".
# test/deploy/dockerfile.test.ts checks what can be checked without building it.

# Node 24 is an LTS line (the whole test suite passed on Node 24.22.3); the code keeps running on
# Node 20 (package.json engines: >=20), where CI runs. Pin the digest in your own builds
# (node:24-bookworm-slim@sha256:...).
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- terraform and the provider mirror. Runs on the build machine's platform (no emulation):
# terraform for the build platform runs `providers mirror` for the target platform.
FROM --platform=$BUILDPLATFORM debian:bookworm-slim AS terraform
ARG TARGETARCH
ARG BUILDARCH
ARG TERRAFORM_VERSION=1.11.4
# SHA-256 of terraform_1.11.4_linux_<arch>.zip. NOT verified against HashiCorp's signed SHA256SUMS
# (no access to releases.hashicorp.com from where this was written). Both values agree across
# independent public pins of 1.11.4 in other repositories: a Homebrew formula headed "Copyright (c)
# HashiCorp" (linux_amd64, linux_arm64), a Nix flake's terraformReleases (x86_64-linux,
# aarch64-linux) and the Python project "tempor" (TF_ZIP_HASH); amd64 also in a chromebrew package
# and an Arch PKGBUILD. tempor's SHA-256 of the unzipped linux_amd64 binary equals this machine's
# /usr/local/bin/terraform 1.11.4. (A Homebrew formula for a Yandex mirror lists the arm64 value
# against linux_arm and none for linux_arm64: a one-line slip; the others agree.) Compare with
# https://releases.hashicorp.com/terraform/1.11.4/terraform_1.11.4_SHA256SUMS before trusting them,
# and whenever TERRAFORM_VERSION changes.
ARG TERRAFORM_SHA256_AMD64=1ce994251c00281d6845f0f268637ba50c0005657eb3cf096b92f753b42ef4dc
ARG TERRAFORM_SHA256_ARM64=a43d1d0da9b9bab214a8305a39db0e40869572594ccf50c416a7756499143633
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl unzip \
 && rm -rf /var/lib/apt/lists/*
# Downloads and checks terraform for one architecture into /opt/terraform/<arch>/terraform.
RUN set -eu; \
    fetch() { \
      case "$1" in \
        amd64) sum="$TERRAFORM_SHA256_AMD64" ;; \
        arm64) sum="$TERRAFORM_SHA256_ARM64" ;; \
        *) echo "no terraform checksum for architecture $1 (amd64 and arm64 are supported)" >&2; exit 1 ;; \
      esac; \
      curl -fsSLo "/tmp/terraform_$1.zip" "https://releases.hashicorp.com/terraform/${TERRAFORM_VERSION}/terraform_${TERRAFORM_VERSION}_linux_$1.zip"; \
      echo "${sum}  /tmp/terraform_$1.zip" | sha256sum -c -; \
      mkdir -p "/opt/terraform/$1"; \
      unzip -q "/tmp/terraform_$1.zip" terraform -d "/opt/terraform/$1"; \
      rm "/tmp/terraform_$1.zip"; \
    }; \
    fetch "$TARGETARCH"; \
    if [ "$BUILDARCH" != "$TARGETARCH" ]; then fetch "$BUILDARCH"; fi
# The OpenStack provider 3.4.0 for the target platform, as a filesystem mirror. `providers mirror`
# checks the packages against the registry's signed checksums.
COPY deploy/docker/providers.tf /tmp/providers/providers.tf
RUN cd /tmp/providers \
 && /opt/terraform/${BUILDARCH}/terraform providers mirror -platform=linux_${TARGETARCH} /opt/terraform/providers \
 && ls -R /opt/terraform/providers

# ---- the node modules (npm ci runs `prepare`, which generates the provider bindings from schema/).
FROM ${NODE_IMAGE} AS modules
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/generate-bindings.ts scripts/
# `prepare` also runs the ahead-of-time build, which skips a stage without src/ (the last stage builds).
COPY scripts/dist/ scripts/dist/
COPY schema/ schema/
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

# ---- the image.
FROM ${NODE_IMAGE}
ARG TARGETARCH
COPY --from=terraform /opt/terraform/${TARGETARCH}/terraform /usr/local/bin/terraform
COPY --from=terraform /opt/terraform/providers /opt/terraform/providers
COPY deploy/docker/terraformrc /opt/terraform/terraformrc
WORKDIR /app
COPY --from=modules /app/node_modules node_modules/
COPY --from=modules /app/gen gen/
COPY . .
# The ahead-of-time build of src/, stacks/ and gen/ into dist/ (docs/architecture.md): no tsx at start.
RUN node scripts/dist/build.js

# The node image's own `node` user has uid 1000; the broker gets its own, with no login and no home
# outside /app (read-only at run time: WORK_DIR, TF_PLUGIN_CACHE_DIR and TMPDIR are the writable places).
RUN groupadd --system --gid 10001 broker \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin broker \
 && mkdir -p /var/lib/openstack-broker /var/run/openstack-broker/work /var/cache/openstack-broker/plugins \
 && chown -R broker:broker /var/lib/openstack-broker /var/run/openstack-broker /var/cache/openstack-broker \
 && terraform version
USER 10001:10001

# SIMULATE=false: a container never falls back to the built-in simulator (issue 13, item 1). To run
# the image without a cloud (a demo), set SIMULATE=true explicitly.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    SIMULATE=false \
    STATE_DIR=/var/lib/openstack-broker/state \
    WORK_DIR=/var/run/openstack-broker/work \
    TF_PLUGIN_CACHE_DIR=/var/cache/openstack-broker/plugins \
    TF_CLI_CONFIG_FILE=/opt/terraform/terraformrc \
    CHECKPOINT_DISABLE=1
EXPOSE 8080
ENTRYPOINT ["node", "/app/bin/openstack-broker.js"]
CMD ["serve"]
