import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

// Every Prisma CLI command first downloads a native schema engine (unreachable offline); pointing this at any
// existing file skips that. Migrations run through our own Wasm runner instead (docs/decisions/001).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);

export default defineConfig({
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
});
