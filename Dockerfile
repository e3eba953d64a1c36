# syntax=docker/dockerfile:1
# The bot as a container: `docker build -t screenos-bot .`, then run it with a platform configured
# (see README.md, "Production"). Three stages: the compiler's, the production dependencies', and the
# image that runs, which holds neither TypeScript nor tsx nor a compiler toolchain.
ARG NODE_IMAGE=node:20-bookworm-slim

# better-sqlite3 compiles its native module when no prebuilt binary can be downloaded for this Node.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./

# Every dependency, to compile src/, adapters/ and app/ into dist/.
FROM toolchain AS build
RUN npm ci --no-audit --no-fund --loglevel=warn
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY adapters ./adapters
COPY app ./app
RUN npm run build --loglevel=warn

# The production dependencies alone, native modules built for the runtime's Node and libc.
FROM toolchain AS dependencies
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=warn

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/app/data \
    PORT=3000
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json .npmrc ./
COPY scripts ./scripts
COPY advisories ./advisories
COPY examples ./examples
# The store (SQLite) is the only thing the bot writes; everything else stays root's and read-only to it.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
# node itself, as the image has no curl: 0 when /healthz answers 200 ("ok"), 1 when it answers 503
# ("degraded": the database is unreachable) or not at all.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node as PID 1, without npm or a shell in between: `docker stop`'s SIGTERM reaches the bot, which
# finishes what is in flight and exits within its 10 s deadline (Docker waits 10 s before SIGKILL).
CMD ["node", "--enable-source-maps", "dist/app/main.js"]
