// The classic script built once more with `plugin` standing in for some of its modules, into a folder of its own
// that is removed after: what a measure compares today's script with (scripts/i18n-cost.mjs: English only;
// bench/first-render.ts: both elements inside the script). Resolves with the built file's bytes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

/**
 * The same with `plugin` for dist/room-widgets-elements.js too (issue 34: lit, the base element and the localisation
 * controller moved there): resolves with both files' bytes, the script's first.
 */
export async function buildScriptAndElementsVariant(plugin) {
  const script = await buildScriptVariant(plugin);
  const out = mkdtempSync(join(tmpdir(), 'rw-elements-variant-'));
  try {
    // After the script's build in this process: the elements build checks against the modules it recorded.
    await build({
      mode: 'on-demand:elements',
      configFile: 'vite.config.ts',
      logLevel: 'error',
      plugins: [plugin],
      build: { outDir: out, emptyOutDir: true, sourcemap: false },
    });
    return [script, readFileSync(join(out, 'room-widgets-elements.js'))];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

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
