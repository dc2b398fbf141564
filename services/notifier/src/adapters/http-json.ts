import type { ServerResponse } from 'node:http';

/** A JSON answer of the internal APIs; never cached (it is about live delivery state). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
