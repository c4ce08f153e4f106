# syntax=docker/dockerfile:1
# metricpipeline-fn as a containerized KRM function (kpt `image:`, kustomize `container:`), and the
# image the rendered status CronJob runs with its own command.
#
#   docker build -t ghcr.io/<org>/metricpipeline-fn:<version> .
#
# Base images are build args so the same file builds where registries are unreachable: CI imports
# local stand-ins (scripts/container/make-base-images.sh) and passes them in (build-image.sh).
ARG BUILD_BASE=docker.io/library/node:24-bookworm-slim
# Distroless: no shell, no package manager, and it has a `nobody` (65534) passwd entry, which kpt
# and kustomize need because they run functions with `--user nobody`.
ARG RUNTIME_BASE=gcr.io/distroless/nodejs24-debian12:nonroot

# --- build: compile and bundle (needs the dev dependencies: typescript, esbuild) ---------------
FROM ${BUILD_BASE} AS build
WORKDIR /src
ENV npm_config_update_notifier=false
# Manifests first, so the dependency layer is reused until the lock file changes.
COPY package.json package-lock.json ./
# Only for registries behind a TLS-intercepting proxy: a CA bundle path that the builder mounts
# (build-image.sh mounts the host's). A build arg, so it never reaches the runtime image.
ARG NODE_EXTRA_CA_CERTS
# --ignore-scripts: no dependency needs an install script to build (esbuild's binary comes from its
# optional platform package), and none gets to run code at build time.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/bundle.js scripts/
# The launchers, the names kpt, kustomize and the Argo CD sidecar (PATH) call the programs by; each
# requires its bundle from ../dist/bundle/.
COPY function/metricpipeline-fn function/metricpipeline-status function/
COPY src/ src/
RUN npm run build

# --- runtime: node + two self-contained bundles, nothing else ---------------------------------
FROM ${RUNTIME_BASE}
ARG VERSION=dev
LABEL org.opencontainers.image.title="metricpipeline-fn" \
      org.opencontainers.image.description="KRM function rendering Kyma MetricPipelines into OpenTelemetry Collector manifests; also the status job" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"
# The bundles inline every dependency (esbuild), so there is no node_modules in this stage. The
# launchers keep their repository-relative layout (function/ -> ../dist/bundle/).
COPY --from=build /src/dist/bundle/ /app/dist/bundle/
COPY --from=build /src/function/ /app/function/
# Numeric, so Kubernetes can enforce runAsNonRoot; 65534 is `nobody` in Debian and distroless.
USER 65534:65534
# node is /usr/local/bin/node in the node images and in the local stand-in, /nodejs/bin/node in
# distroless; the exec-form ENTRYPOINT and the CronJob's command find it through PATH.
ENV PATH=/nodejs/bin:/usr/local/bin:/usr/bin:/bin \
    NODE_ENV=production
# The function reads a ResourceList on stdin and writes one to stdout. The status CronJob overrides
# it with FUNCTION_IMAGE.statusCommand (src/constants.ts): [node, /app/function/metricpipeline-status].
ENTRYPOINT ["node", "/app/function/metricpipeline-fn"]
