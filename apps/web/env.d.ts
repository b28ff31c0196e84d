/// <reference types="vite/client" />

import 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** reachable without a session */
    public?: boolean;
  }
}
