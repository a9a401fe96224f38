import { fileTypeFromBuffer } from 'file-type';

/** Enough bytes for `file-type` to tell most formats apart, and the zip-based office formats usually. */
export const SAMPLE_BYTES = 64 * 1024;

export interface DetectedType {
  /** Lower-case extension, no dot: what the allow lists are compared with. */
  ext: string;
  /** The Content-Type the file is served with. */
  mime: string;
  /** Raster images a browser may show in place; nothing that can carry script. */
  inline: boolean;
}

const TEXT_MIME = 'text/plain; charset=utf-8';
/** Text formats that `file-type` recognises by a prefix: still text, still served as plain text. */
const DETECTED_TEXT = new Set(['xml', 'ics', 'vtt', 'vcf']);
/** Names a text file may keep; any other text gets `.txt`. */
const TEXT_EXTS = new Set([
  'txt',
  'csv',
  'tsv',
  'md',
  'json',
  'log',
  'svg',
  'xml',
  'html',
  'htm',
  'ics',
  'vtt',
  'srt',
  'vcf',
  'yaml',
  'yml',
]);
/** A sample of these may hold only the zip's first entries, so `file-type` says `zip`: the name decides. */
const ZIP_BASED = new Set(['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'epub']);
const INLINE = new Set(['jpg', 'png', 'apng', 'gif', 'webp', 'avif']);
const DOCUMENTS = new Set([
  'pdf',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
  'epub',
  'zip',
  'gz',
  '7z',
  'tar',
  'rar',
]);
const ALIASES: Record<string, string> = { jpeg: 'jpg', tiff: 'tif', htm: 'html', yml: 'yaml' };

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

const sameType = (a: string, b: string) => (ALIASES[a] ?? a) === (ALIASES[b] ?? b);

/** Both spellings of an aliased type pass an allow list that names either. */
export function allowedBy(list: readonly string[], ext: string): boolean {
  return list.some((t) => sameType(t, ext));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function looksLikeText(head: Uint8Array, complete: boolean): boolean {
  if (head.includes(0)) return false;
  // A sample may end inside a multi-byte character; drop up to three bytes of it before decoding.
  for (let cut = 0; cut <= (complete ? 0 : 3); cut++) {
    try {
      utf8.decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      // try a shorter cut
    }
  }
  return false;
}

/**
 * The type of a file from its first bytes; the name is only believed where the bytes cannot tell (plain text, and an
 * office document cut short). `undefined`: neither a known format nor UTF-8 text.
 */
export async function detectType(head: Uint8Array, complete: boolean, name: string): Promise<DetectedType | undefined> {
  const nameExt = extensionOf(name);
  const found = await fileTypeFromBuffer(head);
  if (found && !DETECTED_TEXT.has(found.ext)) {
    const ext = found.ext === 'zip' && ZIP_BASED.has(nameExt) ? nameExt : found.ext;
    // Only types a browser cannot run keep their own MIME type; anything else downloads as bytes.
    const trusted = /^(image|audio|video)\//.test(found.mime) || DOCUMENTS.has(ext);
    const mime = ext !== found.ext ? 'application/octet-stream' : trusted ? found.mime : 'application/octet-stream';
    return { ext, mime, inline: INLINE.has(ext) };
  }
  if (looksLikeText(head, complete))
    return { ext: TEXT_EXTS.has(nameExt) ? nameExt : 'txt', mime: TEXT_MIME, inline: false };
  return undefined;
}

/** The name as shown and downloaded: its extension always says what the bytes are. */
export function nameFor(name: string, type: DetectedType): string {
  return sameType(extensionOf(name), type.ext) ? name : `${name}.${type.ext}`;
}

/**
 * Bidirectional controls (embeddings, overrides, isolates, the marks): in a name they reorder what people read, so
 * `report\u202Efdp.zip` shows as "reportpiz.pdf". Removed from every file name that is stored or shown.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/gu;

export const withoutBidiControls = (name: string): string => name.replace(BIDI_CONTROLS, '');
