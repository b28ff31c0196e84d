import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const api = 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [vue()],
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
  },
});
