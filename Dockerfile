# golive: the packed npm package on Node 20 slim, run as the unprivileged `node` user.
# Build: docker build -t golive .      Run: see deploy/compose.yaml and docs/operations.md.
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Dependencies first (cached while only sources change); scripts run below, once the sources are in.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build:web && npm run build && mkdir /pkg && npm pack --ignore-scripts --pack-destination /pkg

FROM node:20-slim
ENV NODE_ENV=production
COPY --from=build /pkg/ /tmp/pkg/
# The package as users get it: dist/, web/dist/, examples/ and the runtime dependencies only.
RUN npm install --global --no-audit --no-fund /tmp/pkg/golive-*.tgz && rm -rf /tmp/pkg /root/.npm
USER node
WORKDIR /home/node
# The embedded store's data (when no --db postgres://… is given) lives here.
VOLUME ["/home/node/.golive"]
EXPOSE 8080
# Ready = the store answers; a degraded instance (LISTEN reconnecting) still serves and stays healthy.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) drains: SSE streams end, in-flight requests and checks finish (see docs/operations.md).
STOPSIGNAL SIGTERM
ENTRYPOINT ["golive"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
