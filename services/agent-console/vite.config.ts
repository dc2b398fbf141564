import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web app is built into the service's dist/web, which the server serves: one artifact ships.
// React's JSX goes through Oxc's automatic runtime, so no plugin (and no inline preamble
// script, which the Content-Security-Policy would refuse) is needed.
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // Vite would inline small assets as data: URLs; files keep the CSP simple.
    assetsInlineLimit: 0,
  },
});
