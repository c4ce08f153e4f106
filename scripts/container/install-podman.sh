#!/usr/bin/env bash
# Installs what `npm run test:container` needs on a Debian/Ubuntu CI machine: podman + runc (there is no
# Docker engine on these machines) and busybox-static (the /bin/sh of the locally assembled base image,
# see make-base-images.sh). Idempotent: does nothing when everything is already installed.
set -euo pipefail

packages=(podman runc busybox-static)
missing=()
for pkg in "${packages[@]}"; do
  # dpkg-query prints "install ok installed" only for fully installed packages.
  if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-podman: ${packages[*]} already installed"
  exit 0
fi

sudo=()
if [[ "$(id -u)" -ne 0 ]]; then sudo=(sudo); fi

echo "install-podman: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
