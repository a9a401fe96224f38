import {
  DeleteObjectsCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FilesConfig } from '../config.ts';
import type { FileStorage, StoredObject } from './storage.ts';

/** Any S3-compatible object store, shared by every server process (`FILES_S3_*`). */
export class S3Storage implements FileStorage {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(s3: NonNullable<FilesConfig['s3']>) {
    this.#bucket = s3.bucket;
    this.#prefix = s3.prefix ? `${s3.prefix.replace(/\/+$/, '')}/` : '';
    this.#client = new S3Client({
      region: s3.region,
      ...(s3.endpoint && { endpoint: s3.endpoint, forcePathStyle: true }),
      ...(s3.accessKeyId && {
        credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey ?? '' },
      }),
      // The SDK's default trailing checksums (aws-chunked bodies) are not understood by every S3-compatible
      // server; checksums are sent where the API requires them (DeleteObjects).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /**
   * The body is spooled to a local temporary file, then sent in one PUT with its length. Memory stays flat (an S3
   * multipart upload would hold a 5 MB part per upload), and a refused or broken upload never reaches the bucket:
   * some S3-compatible servers keep what an aborted PUT had sent.
   */
  async write(key: string, body: Readable): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'room-widgets-spool-'));
    try {
      const spool = join(dir, 'body');
      await pipeline(body, createWriteStream(spool));
      const size = (await stat(spool)).size;
      await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: this.#prefix + key,
          Body: createReadStream(spool),
          ContentLength: size,
        }),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async read(key: string) {
    try {
      const res = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }));
      if (!(res.Body instanceof Readable)) return undefined;
      return { body: res.Body, size: res.ContentLength ?? 0 };
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404))
        return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    const pages = paginateListObjectsV2(
      { client: this.#client },
      { Bucket: this.#bucket, Prefix: `${this.#prefix}${prefix}/` },
    );
    for await (const page of pages) {
      for (const item of page.Contents ?? []) {
        if (item.Key) out.push({ key: item.Key.slice(this.#prefix.length), size: item.Size ?? 0 });
      }
    }
    return out;
  }

  async prefixes(): Promise<string[]> {
    const out: string[] = [];
    const pages = paginateListObjectsV2(
      { client: this.#client },
      { Bucket: this.#bucket, Prefix: this.#prefix, Delimiter: '/' },
    );
    for await (const page of pages)
      for (const p of page.CommonPrefixes ?? [])
        if (p.Prefix) out.push(p.Prefix.slice(this.#prefix.length).replace(/\/$/, ''));
    return out;
  }

  async removeAll(prefix: string): Promise<void> {
    await this.remove((await this.list(prefix)).map((o) => o.key));
  }

  async remove(keys: string[]): Promise<void> {
    // DeleteObjects takes at most 1000 keys a request.
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000).map((k) => ({ Key: this.#prefix + k }));
      const res = await this.#client.send(
        new DeleteObjectsCommand({ Bucket: this.#bucket, Delete: { Objects: batch, Quiet: true } }),
      );
      if (res.Errors && res.Errors.length > 0)
        throw new Error(`S3 could not delete ${res.Errors.length} objects: ${res.Errors[0]!.Message ?? ''}`);
    }
  }

  async close(): Promise<void> {
    this.#client.destroy();
  }
}
