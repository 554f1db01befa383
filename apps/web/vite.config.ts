import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';
const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'dist');
/**
 * Source maps and Vite's manifest (bench/web.ts reads it) are kept, but out of the served folder:
 * in the repository's ignored .artifacts/.
 */
export const buildInfoDir = join(here, '../../.artifacts/web-build');

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );

/**
 * After the bundle and the service worker are written: moves source maps and the manifest out of dist/, then
 * writes `.br` (quality 11) and `.gz` (level 9) beside each text file worth compressing, which
 * the server sends as they are (@fastify/static `preCompressed`): no compression per request.
 */
const precompress = (): Plugin => ({
  name: 'cybertacotruck-precompress',
  apply: 'build',
  closeBundle: {
    order: 'post',
    sequential: true,
    handler() {
      for (const file of walk(outDir)) {
        if (file.endsWith('.map') || relative(outDir, file).startsWith('.vite')) {
          const target = join(buildInfoDir, relative(outDir, file));
          mkdirSync(dirname(target), { recursive: true });
          renameSync(file, target);
        }
      }
      rmSync(join(outDir, '.vite'), { recursive: true, force: true });
      for (const file of walk(outDir)) {
        if (!/\.(js|mjs|css|html|svg|json|webmanifest|txt)$/.test(file) || statSync(file).size < 1024)
          continue;
        const body = readFileSync(file);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(body, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  },
});

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: 'cybertacotruck — Tesla rentals',
        short_name: 'cybertacotruck',
        description: 'Rent a Tesla by the day: see what is free, reserve in a minute.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#f6f5f2',
        theme_color: '#16181d',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell is precached; API data never is: every /api request goes to the network.
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/health\//, /^\/metrics/],
        // A customer's phone precaches the customer area only; the operator's pages (and the map
        // library) are cached the first time they are opened (hashed names: never stale).
        globIgnores: ['**/assets/operator-*', '**/assets/fleet-map-*'],
        runtimeCaching: [
          { urlPattern: ({ url }) => url.pathname.startsWith('/api/'), handler: 'NetworkOnly' },
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: { cacheName: 'assets', expiration: { maxEntries: 120 } },
          },
        ],
        cleanupOutdatedCaches: true,
        sourcemap: false,
      },
    }),
    precompress(),
  ],
  server: {
    proxy: { '/api': apiTarget, '/health': apiTarget },
  },
  // 'hidden': maps are written (then moved out of dist/ by precompress) but no file points at them.
  build: { target: 'es2022', sourcemap: 'hidden', manifest: true },
});
