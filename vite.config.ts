import { defineConfig } from 'vite';

/**
 * Two library builds (see scripts/build.mjs, which runs both):
 * - `script`: dist/room-widgets.js, one classic IIFE with lit and socket.io-client inside; howler stays out
 *   and is loaded from dist/room-widgets-howler.js when the first sound plays.
 * - `module`: dist/room-widgets.mjs for bundlers, dependencies left as imports so apps dedupe them.
 */
export default defineConfig(({ mode }) => {
  const script = mode !== 'module';
  return {
    logLevel: 'warn',
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: false,
      sourcemap: true,
      minify: 'esbuild',
      lib: script
        ? { entry: 'src/script.ts', formats: ['iife'], name: 'RoomWidgets', fileName: () => 'room-widgets.js' }
        : { entry: 'src/index.ts', formats: ['es'], fileName: () => 'room-widgets.mjs' },
      rollupOptions: {
        external: script ? [] : [/^lit($|\/)/, /^@lit\//, 'socket.io-client', 'howler'],
      },
    },
  };
});
