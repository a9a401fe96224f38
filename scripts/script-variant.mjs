// The classic script built once more with `plugin` standing in for some of its modules, into a folder of its own
// that is removed after: what a measure compares today's script with (scripts/i18n-cost.mjs: English only;
// bench/first-render.ts: both elements inside the script). Resolves with the built file's bytes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

export async function buildScriptVariant(plugin) {
  const out = mkdtempSync(join(tmpdir(), 'rw-script-variant-'));
  try {
    await build({
      mode: 'script',
      configFile: 'vite.config.ts',
      logLevel: 'error',
      plugins: [plugin],
      build: { outDir: out, emptyOutDir: true, sourcemap: false },
    });
    return readFileSync(join(out, 'room-widgets.js'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
