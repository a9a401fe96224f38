import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the files a server process serves come from. Installed from npm, the widget files come from the
 * `room-widgets` package it depends on; in this checkout (run from `server/` with tsx, or from `server/dist/`) they
 * come from the build's `dist/`. The demo exists only in the checkout.
 */
export function staticDirs(demo: boolean): string[] {
  const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
  const widgets = [packageDir('room-widgets/room-widgets.js'), here('../dist'), here('../../dist')];
  const dirs = [widgets.find((dir) => dir !== null && existsSync(`${dir}/room-widgets.js`))];
  if (demo) dirs.push([here('../demo'), here('../../demo')].find((dir) => existsSync(`${dir}/index.html`)));
  return dirs.filter((dir): dir is string => typeof dir === 'string');
}

function packageDir(specifier: string): string | null {
  try {
    return dirname(fileURLToPath(import.meta.resolve(specifier)));
  } catch {
    return null;
  }
}

/** `--version`: the version of the package this file belongs to (the workspace's, or the installed one's). */
export function versionText(): string {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('./package.json', import.meta.url)), 'utf8')) as {
    version: string;
  };
  return `${pkg.version}\n`;
}

/**
 * `--help`: the settings as the README's configuration tables give them (the README ships beside the compiled
 * server), so the two can never disagree.
 */
export function helpText(): string {
  const readme = ['./README.md', '../README.md', '../../README.md']
    .map((path) => fileURLToPath(new URL(path, import.meta.url)))
    .find((path) => existsSync(path));
  const rows = readme ? settingRows(readFileSync(readme, 'utf8')) : [];
  return [
    'room-widgets-server: the room server for room-widgets (plugNmeet, 100ms and RongCloud APIs, socket.io widgets).',
    '',
    'Usage: room-widgets-server [--help] [--version]',
    'Configured by environment variables:',
    '',
    ...rows.flatMap(([name, fallback, meaning]) => [`  ${name}  (default: ${fallback})`, `      ${meaning}`]),
    '',
  ].join('\n');
}

/** Rows of every `| variable | default | meaning |` table, backticks removed. */
export function settingRows(markdown: string): Array<[string, string, string]> {
  const rows: Array<[string, string, string]> = [];
  let inTable = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('| variable | default | meaning |')) inTable = true;
    else if (!line.startsWith('|')) inTable = false;
    else if (inTable && !line.startsWith('| ---')) {
      const [name = '', fallback = '', meaning = ''] = line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim().replaceAll('`', ''));
      rows.push([name, fallback, meaning]);
    }
  }
  return rows;
}
