/**
 * HTTP(S) GETs for image servers. Bodies are streamed: `downloadTo` hashes and writes
 * as bytes arrive and reports progress, so an image is never held whole in memory. A
 * body shorter than its Content-Length, a dropped connection or an HTTP error is an
 * IMAGE_FETCH_FAILED naming the URL, as lxc-download's "Failed to download <url>".
 */
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { rootCertificates } from 'node:tls';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { ImageFetchError } from '@lxcbus/contracts';

export interface HttpOptions {
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly caFile?: string;
}

export interface FetchedFile {
  readonly size: number;
  readonly sha256: string;
}

export type BytesListener = (done: number, total: number | undefined) => void;

const MAX_REDIRECTS = 5;

/** Resolves with the response of a 200; anything else rejects with IMAGE_FETCH_FAILED. */
export function open(url: string, o: HttpOptions, redirects = 0): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const fail = (why: string, status?: number) =>
      reject(new ImageFetchError(`Failed to download ${url}: ${why}`, { url, ...(status ? { status } : {}) }));
    let req: http.ClientRequest;
    try {
      const lib = url.startsWith('https:') ? https : http;
      req = lib.get(url, { headers: { 'user-agent': o.userAgent }, timeout: o.timeoutMs, ...tlsOptions(url, o) }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location && redirects < MAX_REDIRECTS) {
          res.resume();
          open(new URL(res.headers.location, url).toString(), o, redirects + 1).then(resolve, reject);
        } else if (status !== 200) {
          res.resume();
          fail(`HTTP ${status} ${res.statusMessage ?? ''}`.trim(), status);
        } else {
          res.setTimeout(o.timeoutMs, () => res.destroy(new Error(`no data for ${o.timeoutMs} ms`)));
          resolve(res);
        }
      });
    } catch (err) {
      fail((err as Error).message);
      return;
    }
    req.on('timeout', () => req.destroy(new Error(`no answer in ${o.timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => fail(err.code ? `${err.code} ${err.message}` : err.message));
  });
}

/** A small text body (an index), retried `attempts` times as lxc-download's wget wrapper does. */
export async function fetchText(url: string, o: HttpOptions, attempts = 1, maxBytes = 64 << 20): Promise<string> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const res = await open(url, o);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) throw new ImageFetchError(`Failed to download ${url}: larger than ${maxBytes} bytes`, { url });
        chunks.push(chunk as Buffer);
      }
      checkComplete(url, res, size);
      return Buffer.concat(chunks).toString('utf8');
    } catch (err) {
      last = err;
      if (err instanceof ImageFetchError && typeof err.details?.status === 'number' && err.details.status < 500) break;
    }
  }
  throw asFetchError(url, last);
}

/** Streams `url` into `dest`, hashing on the way; resolves with what was received. */
export async function downloadTo(url: string, dest: string, o: HttpOptions, onBytes?: BytesListener): Promise<FetchedFile> {
  const res = await open(url, o);
  const total = contentLength(res);
  const hash = createHash('sha256');
  let done = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      done += chunk.length;
      onBytes?.(done, total);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(res, meter, createWriteStream(dest, { mode: 0o600 }));
  } catch (err) {
    throw asFetchError(url, err);
  }
  checkComplete(url, res, done);
  return { size: done, sha256: hash.digest('hex') };
}

function contentLength(res: http.IncomingMessage): number | undefined {
  const n = Number(res.headers['content-length']);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function checkComplete(url: string, res: http.IncomingMessage, got: number): void {
  const want = contentLength(res);
  if (want !== undefined && got !== want) {
    throw new ImageFetchError(`Failed to download ${url}: truncated, got ${got} of ${want} bytes`, { url, got, expected: want });
  }
}

function asFetchError(url: string, err: unknown): ImageFetchError {
  if (err instanceof ImageFetchError) return err;
  const e = err as NodeJS.ErrnoException | undefined;
  const why = e?.code === 'ECONNRESET' || e?.code === 'ERR_STREAM_PREMATURE_CLOSE' ? 'connection closed early (truncated)' : e?.message ?? String(err);
  return new ImageFetchError(`Failed to download ${url}: ${why}`, { url });
}

const caCache = new Map<string, string[]>();

function tlsOptions(url: string, o: HttpOptions): https.RequestOptions {
  if (!url.startsWith('https:') || !o.caFile) return {};
  let ca = caCache.get(o.caFile);
  if (!ca) {
    ca = [...rootCertificates, readFileSync(o.caFile, 'utf8')];
    caCache.set(o.caFile, ca);
  }
  return { ca };
}
