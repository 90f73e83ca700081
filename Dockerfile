# One Parley node. docker-compose.yml runs two of them on PostgreSQL and Redis (docs/deploy.md).
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 is built from source where no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 PARLEY_DATA_DIR=/data
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Not `npm start`: npm would not pass SIGTERM on, and the node must drain on it.
CMD ["node", "bin/parley.mjs", "serve"]
