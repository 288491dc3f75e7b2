import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// The Tauri shell embeds dist/ (see ../src-tauri/tauri.conf.json). No inline scripts or
// styles are emitted, so the app's CSP can forbid them.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  clearScreen: false,
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'safari15',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: { port: 5173, strictPort: true },
  // Unit tests exercise the runes-based store with Svelte's client runtime.
  resolve: mode === 'test' ? { conditions: ['browser'] } : {},
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
}));
