import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { compression } from 'vite-plugin-compression2';

const api = 'http://127.0.0.1:8080';

/**
 * The app's core, one chunk loaded with the entry: the framework, the socket, the stores and api clients, ui
 * pieces and English. Pages, the composer and its editor, the second language and the link finder stay
 * their own chunks, loaded on demand (decision 023). One file rather than a dozen small shared chunks:
 * each request costs about 1 KB of response headers.
 */
const CORE_PACKAGES =
  /[\\/]node_modules[\\/](@vue|vue|vue-router|vue-i18n|@intlify|pinia|socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io)[\\/]/;
const CORE_SOURCES =
  /[\\/]src[\\/](main\.ts|App\.vue|router\.ts|lazy-chunks\.ts|api[\\/]|ui[\\/]|i18n[\\/](index\.ts|en\.json|error-text\.ts)|features[\\/][^\\/]+[\\/][^\\/]+\.(store|api)\.ts)/;
// the logo both pages show (a public file: its module is only its URL)
const CORE_FILES = /^\/favicon\.svg/;
const isAppCore = (id: string) => CORE_PACKAGES.test(id) || CORE_SOURCES.test(id) || CORE_FILES.test(id);

export default defineConfig({
  plugins: [
    vue(),
    // brotli and gzip beside every text file, served by the server's static handler (decision 023)
    compression({
      algorithms: ['brotliCompress', 'gzip'],
      include: /\.(html|css|js|mjs|json|svg|webmanifest)$/,
      logLevel: 'silent',
    }),
  ],
  // vue-i18n feature flags: composition API only, no devtools in production builds
  define: {
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/socket.io': { target: api, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // dist/.vite/manifest.json: which chunk each module went to (bench/bundle.ts reads it)
    manifest: true,
    // every browser Pigeon supports (es2022) preloads modules itself: no polyfill in the entry
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // @pigeon/shared's schemas are TypeBox builder calls the web never runs (it imports only their types and
      // a few constants beside them): its modules and building a schema have no side effect, so unused ones
      // are dropped, and TypeBox (~30 KB compressed) with them
      treeshake: {
        moduleSideEffects: (id) => !/[\\/]packages[\\/]shared[\\/]/.test(id),
        manualPureFunctions: ['Type'],
      },
      output: {
        // everything the first screen needs in one file rather than a dozen small shared chunks (each request
        // costs ~1 KB of headers); the pages, the composer and the second language stay their own chunks
        codeSplitting: {
          groups: [{ name: 'app', test: isAppCore }],
        },
      },
    },
  },
});
