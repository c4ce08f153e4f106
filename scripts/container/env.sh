# Sourced (not executed) by the container scripts: points podman at the repository's containers.conf
# and puts the `docker` shim first on PATH, because kpt and kustomize run container functions by
# calling `docker` and these machines only have podman.
# A CONTAINERS_CONF that is already set wins, so a developer's own podman setup is left alone.

container_scripts_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$container_scripts_dir/containers.conf}"
case ":$PATH:" in
  *":$container_scripts_dir/shim:"*) ;;
  *) export PATH="$container_scripts_dir/shim:$PATH" ;;
esac
unset container_scripts_dir
