// Synthesises the default notification sounds as small 8-bit mono WAV files (a few KB each),
// so the project ships no third-party audio.
import { mkdirSync, writeFileSync } from 'node:fs';

const RATE = 11025;

/** Notes as [frequency Hz, start s, length s]; a soft attack and exponential decay avoid clicks. */
const SOUNDS = {
  info: [[880, 0, 0.18]],
  warning: [
    [660, 0, 0.14],
    [880, 0.16, 0.16],
  ],
  error: [
    [440, 0, 0.12],
    [330, 0.14, 0.12],
    [247, 0.28, 0.2],
  ],
};

function wav(notes) {
  const seconds = Math.max(...notes.map(([, start, len]) => start + len)) + 0.02;
  const n = Math.ceil(seconds * RATE);
  const samples = new Float32Array(n);
  for (const [freq, start, len] of notes) {
    const from = Math.floor(start * RATE);
    const count = Math.floor(len * RATE);
    for (let i = 0; i < count && from + i < n; i++) {
      const t = i / RATE;
      const env = Math.min(1, t / 0.01) * Math.exp((-4 * t) / len);
      samples[from + i] += 0.5 * env * (Math.sin(2 * Math.PI * freq * t) + 0.25 * Math.sin(4 * Math.PI * freq * t));
    }
  }
  const data = Buffer.alloc(n);
  for (let i = 0; i < n; i++) data[i] = Math.max(0, Math.min(255, Math.round(128 + 127 * samples[i])));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + n, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(n, 40);
  return Buffer.concat([header, data]);
}

const dir = process.argv[2] ?? 'dist/sounds';
mkdirSync(dir, { recursive: true });
for (const [name, notes] of Object.entries(SOUNDS)) {
  const file = `${dir}/${name}.wav`;
  writeFileSync(file, wav(notes));
}
