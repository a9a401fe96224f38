// What each idle client costs the room server beyond a bare socket.io server: each holds PROFILE_FROM (default 1,000)
// then PROFILE_TO (default 3,000) idle clients in rooms of 10, with a heap snapshot at both counts, and the script
// prints the memory figures per added client and the object groups (V8 type and constructor, strings by shape)
// whose growth per added client differs most between the two servers. The step leaves out what is paid once (code
// compiled on the first join, the first room). Writing a snapshot swells the process's RSS, so with snapshots the
// RSS lines mean little (the heap lines hold); `PROFILE_SNAPSHOTS=0` for RSS. Loopback only, bounded at 10 minutes;
// stops every process it starts by its pid. `flock /tmp/rw-heavy.lock node --import tsx bench/memory-profile.ts`
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ask, children, idleMemory, stop } from './harness.ts';

const FROM = Number(process.env.PROFILE_FROM ?? 1000);
const TO = Number(process.env.PROFILE_TO ?? 3000);
const CLIENTS = TO - FROM;
const TOP = Number(process.env.PROFILE_TOP ?? 40);

/** Groups are keyed by this many steps of their first retainer too (`PROFILE_DEPTH=2`: what holds what holds them). */
const DEPTH = Number(process.env.PROFILE_DEPTH ?? 0);

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

function groupOf(snap: Snapshot, node: number): string {
  const { node_fields: fields, node_types } = snap.snapshot.meta;
  const type = node_types[0][snap.nodes[node + fields.indexOf('type')]!]!;
  let name = snap.strings[snap.nodes[node + fields.indexOf('name')]!]!;
  // Strings and code are grouped by shape, not by their text (a socket id, a token, a user name...).
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string')
    name = name.slice(0, 24).replace(/[A-Za-z0-9_-]/g, 'x');
  if (type === 'code' || type === 'hidden' || type === 'number') name = '';
  return `${type}:${name.replace(/\n/g, ' ').slice(0, 40)}`;
}

/** Each node's first strong retainer (node index and edge label). */
function firstRetainers(snap: Snapshot): Map<number, { from: number; label: string }> {
  const { node_fields, edge_fields, edge_types } = snap.snapshot.meta;
  const width = node_fields.length;
  const ewidth = edge_fields.length;
  const [etype, ename, eto] = ['type', 'name_or_index', 'to_node'].map((f) => edge_fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const countAt = node_fields.indexOf('edge_count');
  const retainers = new Map<number, { from: number; label: string }>();
  let e = 0;
  for (let n = 0; n < snap.nodes.length; n += width) {
    for (let k = 0; k < snap.nodes[n + countAt]!; k++, e += ewidth) {
      const type = edge_types[0][snap.edges[e + etype]!]!;
      const to = snap.edges[e + eto]!;
      if (type === 'weak' || type === 'shortcut' || retainers.has(to)) continue;
      const raw = snap.edges[e + ename]!;
      retainers.set(to, { from: n, label: type === 'element' || type === 'hidden' ? '[]' : snap.strings[raw]! });
    }
  }
  return retainers;
}

function groups(path: string): Map<string, { size: number; count: number }> {
  const snap = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const retainers = DEPTH > 0 ? firstRetainers(snap) : new Map<number, { from: number; label: string }>();
  const width = snap.snapshot.meta.node_fields.length;
  const sizeAt = snap.snapshot.meta.node_fields.indexOf('self_size');
  const out = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    let key = groupOf(snap, i);
    for (let at = i, depth = 0; depth < DEPTH; depth++) {
      const up = retainers.get(at);
      if (!up) break;
      key += ` <-${up.label}- ${groupOf(snap, up.from)}`;
      at = up.from;
    }
    const g = out.get(key) ?? { size: 0, count: 0 };
    g.size += snap.nodes[i + sizeAt]!;
    g.count++;
    out.set(key, g);
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'rw-memprofile-'));
const bound = setTimeout(() => {
  console.error('memory-profile: still running after 10 min; stopping every process it started');
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
}, 10 * 60_000);
/** Per kind, the groups' growth from the first snapshot to the second. */
const growth: Record<string, Map<string, { size: number; count: number }>> = {};
try {
  let first: Map<string, { size: number; count: number }> | null = null;
  const run = await idleMemory([FROM, TO], 10, async (kind, n, server) => {
    // PROFILE_SNAPSHOTS=0: the memory figures alone, in a fraction of the time.
    if (process.env.PROFILE_SNAPSHOTS === '0') return;
    const path = join(dir, `${kind}-${n}.heapsnapshot`);
    await ask(server, { type: 'snapshot', path }, 'snapshot');
    const now = groups(path);
    // PROFILE_KEEP=1: the snapshots stay (their directory is printed) for a closer look in DevTools.
    if (process.env.PROFILE_KEEP !== '1') rmSync(path);
    if (n === FROM) first = now;
    else {
      for (const [key, g] of first!) {
        const later = now.get(key) ?? { size: 0, count: 0 };
        now.set(key, { size: later.size - g.size, count: later.count - g.count });
      }
      growth[kind] = now;
    }
  });
  const kib = (b: number) => (b / 1024).toFixed(2);
  console.log(`clients held: room ${run.connected.room.join(' then ')}, bare ${run.connected.bare.join(' then ')}`);
  for (const field of ['rss', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers'] as const) {
    const at = (kind: 'room' | 'bare', i: number) => run.growth[kind][i]![field] / [FROM, TO][i]!;
    const step = (kind: 'room' | 'bare') => (run.growth[kind][1]![field] - run.growth[kind][0]![field]) / CLIENTS;
    console.log(
      `${field.padEnd(12)} per client at ${TO}: room ${kib(at('room', 1)).padStart(6)} KiB, bare ${kib(at('bare', 1)).padStart(6)} KiB (${(at('room', 1) / at('bare', 1)).toFixed(2)}); ` +
        `per added client: room ${kib(step('room')).padStart(6)} KiB, bare ${kib(step('bare')).padStart(6)} KiB (${(step('room') / step('bare')).toFixed(2)})`,
    );
  }
  for (const space of Object.keys(run.growth.room[1]!.spaces)) {
    const of = (kind: 'room' | 'bare', i: number) => run.growth[kind][i]!.spaces[space] ?? { size: 0, used: 0 };
    const step = (kind: 'room' | 'bare', f: 'size' | 'used') => (of(kind, 1)[f] - of(kind, 0)[f]) / CLIENTS;
    console.log(
      `${space.padEnd(24)} per added client: room ${kib(step('room', 'size'))} KiB committed, ${kib(step('room', 'used'))} used; bare ${kib(step('bare', 'size'))} committed, ${kib(step('bare', 'used'))} used`,
    );
  }
  const room = growth.room ?? new Map<string, { size: number; count: number }>();
  const bare = growth.bare ?? new Map<string, { size: number; count: number }>();
  const rows = [...new Set([...room.keys(), ...bare.keys()])].map((key) => {
    const r = room.get(key) ?? { size: 0, count: 0 };
    const b = bare.get(key) ?? { size: 0, count: 0 };
    return {
      key,
      bytes: (r.size - b.size) / CLIENTS,
      count: (r.count - b.count) / CLIENTS,
      room: r.size / CLIENTS,
      bare: b.size / CLIENTS,
    };
  });
  rows.sort((a, b) => Math.abs(b.bytes) - Math.abs(a.bytes));
  const total = rows.reduce((a, r) => a + r.bytes, 0);
  console.log(
    `\nheap snapshots, growth per added client, room minus bare: ${total.toFixed(0)} B in all; the ${TOP} largest groups:`,
  );
  for (const r of rows.slice(0, TOP))
    console.log(
      `${r.bytes.toFixed(1).padStart(8)} B  ${r.count.toFixed(2).padStart(6)} objects  (room ${r.room.toFixed(0).padStart(5)}, bare ${r.bare.toFixed(0).padStart(5)})  ${r.key.slice(0, 160)}`,
    );
} finally {
  clearTimeout(bound);
  await Promise.all([...children].map((c) => stop(c).catch(() => c.kill('SIGKILL'))));
  if (process.env.PROFILE_KEEP === '1') console.log(`snapshots kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
