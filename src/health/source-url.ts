// Which metrics sources the bot may call. The operator lists hosts (HEALTH_SOURCE_HOSTS); a lead in
// any workspace can only pick among them, so nobody can point the bot at an internal address. The
// check runs on the parsed URL (the WHATWG parser turns 0x7f.1 into 127.0.0.1 and lower-cases
// names), at save and again before every request, since the list may have shrunk since.
import { z } from 'zod';

export interface AllowedHost {
  /** As the URL parser normalises it: lower case, IPv4 in dotted form, IPv6 in brackets. */
  readonly hostname: string;
  /** null: only the scheme's default port (80 for http, 443 for https). */
  readonly port: number | null;
}

export type HostAllowlist = readonly AllowedHost[];

/** Parses one `host[:port]` entry; null when it is anything more (a scheme, a path, userinfo). */
export function parseAllowedHost(entry: string): AllowedHost | null {
  const text = entry.trim();
  if (text === '' || /[/?#@\\]/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(`http://${text}`);
  } catch {
    return null;
  }
  // The parser drops ":80" for http; read the port from the text so "prom:80" keeps meaning 80.
  const port = /:(\d{1,5})$/.exec(text);
  const n = port?.[1] === undefined ? null : Number(port[1]);
  if (n !== null && (n < 1 || n > 65535)) return null;
  return { hostname: url.hostname, port: n };
}

/** HEALTH_SOURCE_HOSTS: comma-separated `host[:port]`; empty or unset allows no source at all. */
export const zHostAllowlist = z
  .string()
  .optional()
  .transform((v, ctx): HostAllowlist => {
    const entries = (v ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '');
    const hosts: AllowedHost[] = [];
    for (const e of entries) {
      const host = parseAllowedHost(e);
      if (host === null) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be comma-separated host:port entries such as prom.internal:9090',
        });
        return z.NEVER;
      }
      hosts.push(host);
    }
    return hosts;
  });

export type SourceCheck = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly problem: string };

/**
 * Whether the bot may call `raw`: http(s), no userinfo (credentials go in their own field, never
 * in a URL that is shown), no query or fragment, and a host and port on the allowlist.
 */
export function checkSourceUrl(raw: string, allowlist: HostAllowlist): SourceCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, problem: 'is not a URL; give one such as http://prometheus.internal:9090' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: 'must be an http or https URL' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, problem: 'must not carry a user name or password; credentials are entered separately' };
  }
  if (url.search !== '' || url.hash !== '') {
    return { ok: false, problem: 'must not have a query string or fragment' };
  }
  if (allowlist.length === 0) {
    return {
      ok: false,
      problem: 'cannot be used: the operator has allowed no metrics source hosts (HEALTH_SOURCE_HOSTS)',
    };
  }
  const port = url.port === '' ? null : Number(url.port);
  const effective = port ?? (url.protocol === 'http:' ? 80 : 443);
  const allowed = allowlist.some(
    (h) => h.hostname === url.hostname && (h.port === null ? port === null : h.port === effective),
  );
  if (!allowed) {
    return { ok: false, problem: `is not on the operator's list of metrics source hosts (${url.host})` };
  }
  return { ok: true, url };
}

/** The API base as stored: the parsed URL with one trailing slash, so `api/v1/query` resolves under it. */
export function normalizeSourceUrl(url: URL): string {
  const base = new URL(url.href);
  if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
  return base.href;
}
