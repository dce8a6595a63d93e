import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/*
 * What Node's HTTP parser refuses before fastify sees a request (an address or headers over 16 KB, bytes that
 * are not HTTP, a request too slow to arrive): answered like every other refusal, problem+json in a person's
 * words with the portal's security headers, instead of fastify's bare JSON.
 */

const REFUSALS: Record<string, { status: number; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    detail: 'The address or the headers of this request are too long for the portal to read.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request took too long to arrive. Please try again.' },
};
const UNREADABLE = { status: 400, detail: 'The portal could not read this request.' };

export function clientErrorHandler(headers: Record<string, string>) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    // A connection reset leaves no one to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, detail } = (error.code && REFUSALS[error.code]) || UNREADABLE;
    const title = STATUS_CODES[status] ?? 'Bad Request';
    const body = JSON.stringify({ type: 'about:blank', title, status, detail });
    const lines = [
      `HTTP/1.1 ${status} ${title}`,
      'content-type: application/problem+json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    if (socket.writable) socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    socket.destroy(error);
  };
}
