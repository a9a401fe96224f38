// `node scripts/make-emoji.mjs`: writes server/emoji/emoji.json, the emoji picker's data that the room server serves
// at GET /emoji.json (issue 31), from emojilib (MIT): `[category, [[emoji, "keywords …"], …]][]`, in emojilib's order.
// Committed, so the server needs no emoji package at run time; run again to update it.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const emojis = require('emojilib/emojis.json');
const ordered = require('emojilib/ordered.json');
const categories = new Map();
for (const name of ordered) {
  const e = emojis[name];
  if (!e) continue;
  const words = [...new Set([name.replaceAll('_', ' '), ...e.keywords.map((k) => k.replaceAll('_', ' '))])];
  if (!categories.has(e.category)) categories.set(e.category, []);
  categories.get(e.category).push([e.char, words.join(' ')]);
}
writeFileSync('server/emoji/emoji.json', JSON.stringify([...categories]) + '\n');
console.log(
  `server/emoji/emoji.json: ${[...categories.values()].flat().length} emoji in ${categories.size} categories`,
);
