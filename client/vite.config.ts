import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { precompress } from './precompress.ts'

// The dev server stands in front of a server started separately (`pnpm consenso`/`pnpm start`
// on port 3000), so that the page, the API and the websocket share one origin as in production.
const backend = process.env.CONSENSO_DEV_BACKEND ?? 'http://127.0.0.1:3000'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), precompress()],
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/collab': { target: backend, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Source maps would publish the sources to anyone; debugging uses `pnpm dev`.
    sourcemap: false,
    // The editor chunk carries Tiptap, ProseMirror and Yjs (~250 kB gzipped) by design.
    chunkSizeWarningLimit: 900,
    // Compressing at the highest levels (precompress.ts) takes seconds by design, once per build.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
})
