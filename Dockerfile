# The room server as a small image: built from this checkout, installed from its own packed tarballs (the compiled
# server and the widget files it serves), run as the unprivileged `node` user.
#
#   docker build -t room-widgets-server .
#   docker run -p 3000:3000 -e ROOM_API_KEY=... -e ROOM_API_SECRET=... -e ALLOWED_ORIGINS=https://your.app room-widgets-server
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY server/package.json server/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
  && mkdir /pkg \
  && npm pack --pack-destination /pkg \
  && npm pack ./server/dist --pack-destination /pkg

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build /pkg /tmp/pkg
RUN echo '{ "name": "room-server", "private": true }' > package.json \
  && npm install --omit=dev --omit=peer --no-audit --no-fund /tmp/pkg/*.tgz \
  && rm -rf /tmp/pkg /root/.npm
USER node
EXPOSE 3000
HEALTHCHECK --interval=5s --timeout=2s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself gets SIGTERM (no npm or shell in between): it drains, then exits.
CMD ["node", "node_modules/room-widgets-server/main.js"]
