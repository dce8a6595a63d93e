// The baseline: a bare node:http server answering with the exact bytes and content-type the portal sent, so that
// the ratio shows what the portal does beyond writing them (routing, hooks, headers, logging).
// Usage: node --import tsx bench/bare-server.ts RESPONSES.json PORT, where RESPONSES.json maps each path to
// { contentType, bodyBase64 }, sent whatever the query (so the lookup's baseline answers every ZIP alike).
// (tsx only transpiles this file at startup; serving runs as plain JavaScript.)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

type Saved = Record<string, { contentType: string; bodyBase64: string }>;

const [responsesFile = '', port = ''] = process.argv.slice(2);
const saved = JSON.parse(readFileSync(responsesFile, 'utf8')) as Saved;
const responses = new Map(
  Object.entries(saved).map(([path, { contentType, bodyBase64 }]) => [
    path,
    { contentType, body: Buffer.from(bodyBase64, 'base64') },
  ]),
);

createServer((request, response) => {
  const url = request.url ?? '';
  const query = url.indexOf('?');
  const found = responses.get(query === -1 ? url : url.slice(0, query));
  if (!found) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': found.contentType, 'content-length': found.body.length });
  response.end(found.body);
}).listen(Number(port), '127.0.0.1');
