import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appShellFiles, filesOfIndexHtml, type ManifestChunk } from './src/features/pwa/app-shell';
import { compileMessages } from './src/i18n/precompile';

const api = 'http://127.0.0.1:8080';
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist');

/** The pages an offline start needs besides what index.html loads: the sign-in page and the mail page. */
const SHELL_PAGES = ['src/features/auth/SignInPage.vue', 'src/features/mailbox/MailPage.vue'];

/**
 * The app's core, one chunk loaded with the entry: the framework, the socket, the stores and api clients, ui
 * pieces, English, and the checkbox selection (300 bytes that the mail page and all-folders results share: as a
 * chunk of its own it cost the first visit a request). Pages, the composer and its editor, the second language and the link finder stay
 * their own chunks, loaded on demand (decision 023). One file rather than a dozen small shared chunks:
 * each request costs about 1 KB of response headers.
 */
const CORE_PACKAGES =
  /[\\/]node_modules[\\/](@vue|vue|vue-router|vue-i18n|@intlify|pinia|socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io)[\\/]/;
const CORE_SOURCES =
  /[\\/]src[\\/](main\.ts|App\.vue|router\.ts|lazy-chunks\.ts|api[\\/]|ui[\\/]|i18n[\\/](index\.ts|en\.json|error-text\.ts)|features[\\/][^\\/]+[\\/][^\\/]+\.(store|api)\.ts|features[\\/]folders[\\/](useFolderActions|folder-dialog)\.ts|features[\\/]mailbox[\\/]selection\.ts)/;
// the logo both pages show (a public file: its module is only its URL)
const CORE_FILES = /^\/favicon\.svg/;
// what only on-demand pages use (the devices page's push, the conversation view, the POP3 panel and settings,
// all-folders search, identities, the settings pages' list layout) loads with those pages, not with the first visit
const LAZY_SOURCES =
  /[\\/]src[\\/](features[\\/](push[\\/]|conversation[\\/]|pop3[\\/]|search[\\/]search\.api\.ts|settings[\\/]settings\.store\.ts)|ui[\\/](Badge|ItemList|ListPage)\.vue)/;
const isAppCore = (id: string) =>
  CORE_PACKAGES.test(id) || (CORE_SOURCES.test(id) && !LAZY_SOURCES.test(id)) || CORE_FILES.test(id);
/**
 * The language files compiled to vue-i18n's message AST at build time (decision 023): the browser then runs
 * vue-i18n without its message compiler (about 5 KB compressed less on the first visit).
 */
function precompiledMessages(): Plugin {
  return {
    name: 'pigeon:i18n-precompile',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/]i18n[\\/][a-z-]+\.json$/.test(id)) return null;
      return { code: JSON.stringify(compileMessages(JSON.parse(code))), map: null };
    },
  };
}

export default defineConfig({
  plugins: [
    precompiledMessages(),
    vue(),
    // installable app (decision 023): manifest, icons, and a Workbox service worker that keeps the app shell
    // for an offline start; it never answers /api or /socket.io, and a new release waits for the user's reload
    VitePWA({
      registerType: 'prompt',
      injectRegister: false, // src/features/pwa/pwa.ts registers it and shows the update prompt
      includeManifestIcons: false, // the OS fetches the icons when it installs; the shell does not need them
      manifest: {
        name: 'Pigeon',
        short_name: 'Pigeon',
        description: 'Your school mail, live on every device',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f4f6fa',
        theme_color: '#f4f6fa',
        icons: [
          { src: '/icons/pigeon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/pigeon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/pigeon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      // our own worker (src/features/pwa/sw.ts: the shell and chunk caching below, plus web push, decision 027),
      // compiled by the plugin with only its own Vite plugins, the precache manifest injected into it
      strategies: 'injectManifest',
      srcDir: 'src/features/pwa',
      filename: 'sw.ts',
      injectManifest: {
        // not favicon.svg: precaching fetched it a second time past the HTTP cache (sw.ts caches it when first used)
        globPatterns: ['index.html', 'assets/*.{js,css}'],
        // the shell only: chunks loaded on demand are cached when first used (the worker's runtime route)
        manifestTransforms: [
          async (entries) => {
            const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<
              string,
              ManifestChunk
            >;
            const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
            const shell = appShellFiles(manifest, [...filesOfIndexHtml(html), ...SHELL_PAGES]);
            return { manifest: entries.filter((e) => !e.url.startsWith('assets/') || shell.has(e.url)) };
          },
        ],
      },
    }),
    // brotli and gzip beside every text file, served by the server's static handler (decision 023)
    compression({
      algorithms: ['brotliCompress', 'gzip'],
      include: /\.(html|css|js|mjs|json|svg|webmanifest)$/,
      logLevel: 'silent',
    }),
  ],
  // Vue and vue-i18n feature flags: composition API only (every component is <script setup>), no devtools in
  // production builds; the Options API alone is ~4 KB compressed of the first visit
  define: {
    __VUE_OPTIONS_API__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    // every message arrives compiled (precompiledMessages above)
    __INTLIFY_DROP_MESSAGE_COMPILER__: true,
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/socket.io': { target: api, ws: true },
      // the socket's reconnect loop asks the server whether it is ready before trying the socket
      '/readyz': { target: api },
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
        // costs ~1 KB of headers); the pages, the composer and the second language stay their own chunks. No group
        // for the sign-in page: Rolldown puts a facade chunk in front of a page held by a group (issue #9729), one
        // more request on the first visit; Settings → Accounts takes "Advanced settings" from the page's own chunk
        codeSplitting: {
          groups: [{ name: 'app', test: isAppCore }],
        },
      },
    },
  },
});
