import { defineConfig } from 'vite';

// The console is served by `growloop serve` at `/`; the API lives at the same origin.
// In development `npm run dev` proxies /api to the server named by GROWLOOP_API.
const apiTarget = process.env.GROWLOOP_API || 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  // JSX through esbuild's automatic runtime: no React plugin needed.
  esbuild: { jsx: 'automatic' },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: { echarts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'] },
      },
    },
  },
});
