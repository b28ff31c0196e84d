# Pigeon: one image, started by the same script as `npm start` (install and build happen at image build time).
FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
RUN node scripts/start.mjs --prepare
ENV HOST=0.0.0.0 PORT=8080 DATA_DIR=/app/data
VOLUME /app/data
EXPOSE 8080
CMD ["node", "scripts/start.mjs"]
