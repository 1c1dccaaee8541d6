# syntax=docker/dockerfile:1
# migrate-bot: build with the dev dependencies, install the runtime ones with the lockfile, and run
# the compiled app with plain node on a slim Node 26 base as a non-root user.
# test/app/image.test.ts repeats these steps without a container engine: keep the two in step.

# 1. Compile TypeScript to dist/ (npm ci runs the prepare script, which is npm run build).
FROM node:26 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY scripts/bundle.mjs ./scripts/bundle.mjs
RUN npm run build

# 2. Runtime dependencies only, from the lockfile. Scripts are skipped (prepare would need tsc) and
#    the one native module is built here, where the compiler is, for the slim stage to copy.
FROM node:26 AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3

# 3. What runs.
FROM node:26-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_URL=/data/migrate-bot.db
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
COPY bin ./bin
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.bundle.js"]
