#!/usr/bin/env bash
# Builds the function image from the repository's Dockerfile (all stages) with podman.
#
#   scripts/container/build-image.sh                 # -> localhost/metricpipeline-fn:dev
#   IMAGE=ghcr.io/acme/metricpipeline-fn:0.1.0 BUILD_BASE=node:24-bookworm-slim \
#     RUNTIME_BASE=gcr.io/distroless/nodejs24-debian12:nonroot scripts/container/build-image.sh
#
# Without BUILD_BASE/RUNTIME_BASE it uses locally assembled Node 24 bases (make-base-images.sh),
# because image registries are unreachable on CI machines. Re-running is cheap: podman reuses
# cached layers until package.json/package-lock.json or the sources change.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=env.sh
source "$root/scripts/container/env.sh"

IMAGE="${IMAGE:-localhost/metricpipeline-fn:dev}"
if [[ -z "${BUILD_BASE:-}" || -z "${RUNTIME_BASE:-}" ]]; then
  eval "$("$root/scripts/container/make-base-images.sh")"
fi
version="$(node -p 'require(process.argv[1]).version' "$root/package.json")"

# npm ci inside the build reaches the registry through this machine's TLS setup, so the build sees
# the host's CA bundle (read-only). It is a build-time mount and a build arg: neither ends up in the
# image.
ca_args=()
if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
  ca_args=(--volume /etc/ssl/certs:/etc/ssl/certs:ro --build-arg NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt)
fi

echo "build-image: $IMAGE (build base $BUILD_BASE, runtime base $RUNTIME_BASE)" >&2
podman build \
  --file "$root/Dockerfile" \
  --tag "$IMAGE" \
  --build-arg "BUILD_BASE=$BUILD_BASE" \
  --build-arg "RUNTIME_BASE=$RUNTIME_BASE" \
  --build-arg "VERSION=$version" \
  "${ca_args[@]}" \
  --layers \
  "$root"
