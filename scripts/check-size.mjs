// Fails `npm test` when a shipped file passes its gzip budget (bytes, gzip -9). Run after `npm run build`.
// An ES entry is measured with the chunks it imports statically (dist/chunks/), as a bundler would take it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGETS = {
  // The classic script: the room's connection, store and outbox, the page's host events and notification centre, the
  // localisation layer's registry, and what loads the rest from beside it (ON_DEMAND in scripts/on-demand-parts.mjs).
  // Issue 34: lit and what both elements stand on went to the elements' files, the checks and folds of the rarer
  // message kinds to the conversation core, socket.io's client to its own file (9.0 KB, from 27.5 KB).
  // Issue 28 added the page-wide presenting switch (about 140 B).
  'dist/room-widgets.js': 9.25 * 1024,
  // On demand (issue 34): socket.io's client, WebSocket only, fetched as the script starts, beside the elements'
  // file, which renders without it.
  'dist/room-widgets-socket.js': 10 * 1024,
  // On demand (issue 34): what both elements stand on (lit, the base element, the palette, the localisation
  // controller), with the first element's file.
  // Issue 28 added both elements' summarising live regions (about 480 B).
  'dist/room-widgets-elements.js': 9.5 * 1024,
  // On demand (issue 34): both elements and what they stand on, in one file, for a page that holds both.
  // Issue 28: about 2.4 KB (the chat's live region and blur; away, catch-up, presenting, the top layer). Issue 34's
  // page pass: about 300 B (the scroll to the latest in the next frame, the reader's input told from the browser's).
  'dist/room-widgets-both.js': 29.5 * 1024,
  // On demand: each element, the first time the page holds one (with its styles, its templates, its English strings,
  // the files UI or the toast queue and sound player). Issue 34's page pass added about 350 B to the chat's.
  'dist/room-widgets-chat.js': 11.75 * 1024,
  'dist/room-widgets-notifications.js': 10.75 * 1024,
  // On demand: howler's core, loaded only when the first sound plays.
  'dist/room-widgets-howler.js': 9 * 1024,
  // On demand: engine.io-client's HTTP long-polling, loaded only when WebSocket cannot open.
  'dist/room-widgets-polling.js': 3.5 * 1024,
  // On demand: the notification centre's panel, loaded the first time the bell is pressed.
  'dist/room-widgets-centre.js': 2.25 * 1024,
  // On demand: the chat's action menu and reply preview; the composer's @ suggestions.
  // Issue 29 added the pinned bar, the admins' chat menu, the edit preview and the moderation notices to it.
  'dist/room-widgets-menu.js': 3.75 * 1024,
  // With the search picker of a room too large to list (issue 34).
  'dist/room-widgets-mentions.js': 1.25 * 1024,
  // On demand: chat previews and joins/leaves as toasts.
  // With the catch-up card and the summary after presenting (issue 28).
  'dist/room-widgets-meeting.js': 2 * 1024,
  // On demand: the chat's hand and poll buttons and the admins' raised hands, once the chat has joined; the poll
  // cards and the poll form, the first time a poll shows or the form opens (each with its English strings).
  'dist/room-widgets-hands.js': 1.5 * 1024,
  'dist/room-widgets-polls.js': 2.5 * 1024,
  // On demand: file transfer (uploads and signed links), the first time a file is sent or shown.
  'dist/room-widgets-files.js': 1.25 * 1024,
  // On demand (issue 34): the conversation core, the first time a reaction, deletion, edit, moderation, poll or hand
  // arrives (or is sent): their checks and how the store folds them.
  'dist/room-widgets-core.js': 1.75 * 1024,
  // On demand: the outbox's storage (what a reload keeps), loaded while the connection joins.
  'dist/room-widgets-outbox.js': 0.5 * 1024,
  // On demand (issue 31): the chat's tools (search, transcripts, who is typing, the emoji button; loaded as the chat
  // joins), the formatting of chat text (the first message that may hold some), the emoji picker (when first opened),
  // search and transcripts' history paging (the first search or transcript), and the room's typing state.
  'dist/room-widgets-tools.js': 3.25 * 1024,
  'dist/room-widgets-format.js': 1024,
  'dist/room-widgets-picker.js': 1.75 * 1024,
  'dist/room-widgets-reading.js': 1.75 * 1024,
  'dist/room-widgets-typing.js': 0.75 * 1024,
  // The emoji picker's data, served by the room server (GET /emoji.json, gzipped), fetched when the picker first opens.
  'server/emoji/emoji.json': 25 * 1024,
  // The ES build for bundlers, dependencies excluded: both classes (and their shared chunk).
  'dist/room-widgets.mjs': 32.5 * 1024,
  // The React wrapper with the elements and their definitions, React and @lit/react excluded. Issue 34's flood pass
  // added about 250 B (the chat's render rate in a flood, the log held while that render is due).
  'dist/react.mjs': 33 * 1024,
};

/**
 * What a page with both elements loads before its first render: the script and the file with both elements (lit and
 * what they stand on inside it). socket.io's client (`alongside`) is fetched at the same time and needed only to
 * connect: the elements render their frame without it (test/e2e/first-render.test.ts holds it back to show this). Each file has its own budget above; this one keeps what they share from being paid
 * twice. `apart`: the same page when the script comes upon its elements one at a time (one added later, or far apart
 * in a long page): the elements file and each element's file instead, printed beside it.
 */
export const FIRST_RENDER = {
  files: ['dist/room-widgets.js', 'dist/room-widgets-both.js'],
  apart: [
    'dist/room-widgets.js',
    'dist/room-widgets-elements.js',
    'dist/room-widgets-chat.js',
    'dist/room-widgets-notifications.js',
  ],
  // Issue 28 added about 2.6 KB (the chat's live region, the notifications' away, catch-up and top layer); socket.io's
  // client leaving the script for a file of its own took 9.4 KB off (issue 34); its page pass added about 300 B, its
  // flood pass about 200 B (the chat's render rate in a flood, the log held while a flood's render is due).
  budget: 38.75 * 1024,
  // Fetched beside these and not needed to render: printed with them, for the page's whole first load.
  alongside: ['dist/room-widgets-socket.js'],
};

/**
 * Issue #34's targets (see BENCHMARKS.md "Sizes"): printed with what is missing so a gap stays visible; the budgets
 * above fail the tests on any further growth.
 */
export const TARGETS = { 'dist/room-widgets.js': 24.5 * 1024, 'first render': 40 * 1024 };

/** On demand, each: a locale's strings (dist/locales/*.json), fetched when an element first needs that locale. */
// Issue 28 added 13 strings (Arabic, with its six plural forms, is the largest: 3,394 B).
export const LOCALE_BUDGET = 3.5 * 1024;

/** `file` and the local modules it imports statically, each once (dynamic imports load later, on demand). */
export function staticGraph(file) {
  const seen = new Set();
  const visit = (f) => {
    if (seen.has(f)) return;
    seen.add(f);
    if (!f.endsWith('.mjs')) return;
    for (const [, spec] of readFileSync(f, 'utf8').matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      visit(relative('.', join(dirname(f), spec)));
    }
  };
  visit(file);
  return [...seen];
}

export function gzipBytes(file, graph = staticGraph(file)) {
  return gzipSync(Buffer.concat(graph.map((f) => readFileSync(f))), { level: 9 }).length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let over = false;
  const locales = existsSync('dist/locales')
    ? readdirSync('dist/locales').map((f) => [`dist/locales/${f}`, LOCALE_BUDGET])
    : [];
  if (locales.length === 0) {
    console.error('dist/locales/ is missing: run npm run build');
    process.exit(1);
  }
  // Every file the classic script loads on demand needs a budget of its own here.
  const unbudgeted = readdirSync('dist').filter((f) => /^room-widgets-.+\.js$/.test(f) && !(`dist/${f}` in BUDGETS));
  if (unbudgeted.length > 0) {
    console.error(`no budget in scripts/check-size.mjs for ${unbudgeted.join(', ')}`);
    over = true;
  }
  for (const [file, budget] of [...Object.entries(BUDGETS), ...locales]) {
    const graph = staticGraph(file);
    const size = gzipBytes(file, graph);
    const ok = size <= budget;
    over ||= !ok;
    const what = graph.length > 1 ? ` (with ${graph.slice(1).join(', ')})` : '';
    console.log(`${ok ? 'ok  ' : 'OVER'} ${file}${what}: ${size} B gzip (budget ${budget} B)`);
  }
  const firstRender = FIRST_RENDER.files.reduce((sum, file) => sum + gzipBytes(file, [file]), 0);
  over ||= firstRender > FIRST_RENDER.budget;
  console.log(
    `${firstRender <= FIRST_RENDER.budget ? 'ok  ' : 'OVER'} a page with both elements before its first render (${FIRST_RENDER.files.join(' + ')}): ${firstRender} B gzip (budget ${FIRST_RENDER.budget} B)`,
  );
  const alongside = FIRST_RENDER.alongside.reduce((sum, file) => sum + gzipBytes(file, [file]), 0);
  console.log(
    `     with what is fetched alongside, to connect (${FIRST_RENDER.alongside.join(' + ')}): ${firstRender + alongside} B gzip`,
  );
  const apart = FIRST_RENDER.apart.reduce((sum, file) => sum + gzipBytes(file, [file]), 0);
  console.log(
    `     the same page with its elements found one at a time (${FIRST_RENDER.apart.join(' + ')}): ${apart} B gzip`,
  );
  for (const [what, target] of Object.entries(TARGETS)) {
    const size = what === 'first render' ? firstRender : gzipBytes(what);
    const missed = size > target ? `missed by ${size - target} B` : 'met';
    console.log(`     target (issue #34) for ${what}: ${target} B, ${missed}`);
  }
  if (over) {
    console.error('a bundle is over its budget');
    process.exit(1);
  }
}
