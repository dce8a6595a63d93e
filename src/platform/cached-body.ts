import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A response body that many requests share (a cached page, a cached JSON document): held as bytes, with its
 * compressed forms made once on first demand instead of per request. The compression plugin leaves responses
 * that already carry a Content-Encoding alone.
 */
export class CachedBody {
  private readonly bytes: Buffer;
  private brotli: Buffer | undefined;
  private gzipped: Buffer | undefined;

  constructor(
    body: string,
    private readonly contentType: string,
  ) {
    this.bytes = Buffer.from(body);
  }

  send(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    void reply.type(this.contentType).header('vary', 'accept-encoding');
    const encoding =
      this.bytes.length >= 1024 ? preferredEncoding(request.headers['accept-encoding']) : 'identity';
    if (encoding === 'br') {
      this.brotli ??= brotliCompressSync(this.bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
      return reply.header('content-encoding', 'br').send(this.brotli);
    }
    if (encoding === 'gzip') {
      this.gzipped ??= gzipSync(this.bytes, { level: 9 });
      return reply.header('content-encoding', 'gzip').send(this.gzipped);
    }
    return reply.send(this.bytes);
  }
}

/** br, else gzip, else none; a coding listed with q=0 is refused. */
function preferredEncoding(header: string | undefined): 'br' | 'gzip' | 'identity' {
  if (!header) return 'identity';
  const accepted = new Set(
    header
      .split(',')
      .map((part) => part.trim().toLowerCase().split(';'))
      .filter(([, q]) => !q || !/^\s*q\s*=\s*0(\.0*)?\s*$/.test(q))
      .map(([coding]) => coding),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return 'identity';
}
