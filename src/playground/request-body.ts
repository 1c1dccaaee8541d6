// Reading what the bot sends the Slack stand-in: Web API arguments (a form or JSON) and uploaded files.
import type { IncomingMessage } from 'node:http';

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'files', 'metadata']);

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function parseArgs(req: IncomingMessage, raw: string): Record<string, unknown> {
  if ((req.headers['content-type'] ?? '').includes('application/json')) return raw ? JSON.parse(raw) : {};
  const args: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    args[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  }
  return args;
}

/** The file inside a multipart upload (the Web API client sends a form); other bodies are the file itself. */
export function uploadedBytes(contentType: string | undefined, body: Buffer): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? '');
  const mark = boundary?.[1] ?? boundary?.[2];
  if (!contentType?.startsWith('multipart/form-data') || !mark) return body;
  const delimiter = Buffer.from(`--${mark}`);
  const start = body.indexOf(delimiter);
  const headersEnd = body.indexOf('\r\n\r\n', start);
  const end = body.indexOf(Buffer.from(`\r\n--${mark}`), headersEnd);
  return start < 0 || headersEnd < 0 || end < 0 ? body : body.subarray(headersEnd + 4, end);
}
