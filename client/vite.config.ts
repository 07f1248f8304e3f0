import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The dev server stands in front of a server started separately (`pnpm consenso`/`pnpm start`
// on port 3000), so that the page, the API and the websocket share one origin as in production.
const backend = process.env.CONSENSO_DEV_BACKEND ?? 'http://127.0.0.1:3000'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/collab': { target: backend, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // The editor chunk carries Tiptap, ProseMirror and Yjs (~250 kB gzipped) by design.
    chunkSizeWarningLimit: 900,
  },
})
