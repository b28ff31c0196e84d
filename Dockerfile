# Pigeon's image. Stage 1 installs everything, generates the Prisma client and builds the web app, then installs
# again from the local store: production dependencies of the root and the server only (pruning in place would
# leave dev packages in node_modules/.pnpm, and the web app's runtime is its built bundle); stage 2 copies only
# what runs, and runs it as the unprivileged `node` user.
# Start command = `npm run serve` outside Docker: apply pending migrations, then serve (see README).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN node scripts/pnpm.mjs install --frozen-lockfile \
 && node scripts/pnpm.mjs -r build \
 && rm -rf node_modules apps/*/node_modules packages/*/node_modules e2e/node_modules bench/node_modules \
 && node scripts/pnpm.mjs install --frozen-lockfile --prod --offline --filter . --filter '@pigeon/server...'

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/pnpm-workspace.yaml ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/packages/shared ./packages/shared
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/apps/server ./apps/server
COPY --from=build /app/apps/web/dist ./apps/web/dist
# DATA_DIR: the generated session secret, and the embedded PostgreSQL when DATABASE_URL is unset
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node as PID 1 gets SIGTERM directly and shuts down gracefully (SHUTDOWN_TIMEOUT_MS)
CMD ["node", "--import", "tsx", "apps/server/src/server.ts"]
