import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { checkSourceUrl, normalizeSourceUrl, parseAllowedHost, zHostAllowlist } from '../../src/health/source-url.ts';

const hosts = (v: string) => zHostAllowlist.parse(v);
const verdict = (url: string, allow: string) => {
  const r = checkSourceUrl(url, hosts(allow));
  return r.ok ? 'ok' : r.problem;
};

describe('the allowlist of source hosts', () => {
  it('parses host[:port] entries, normalised by the URL parser', () => {
    expect(hosts(' Prom.Internal:9090 , 127.0.0.1:9090,[::1]:9090,grafana.example')).toEqual([
      { hostname: 'prom.internal', port: 9090 },
      { hostname: '127.0.0.1', port: 9090 },
      { hostname: '[::1]', port: 9090 },
      { hostname: 'grafana.example', port: null },
    ]);
    expect(hosts('')).toEqual([]);
    expect(zHostAllowlist.parse(undefined)).toEqual([]);
    for (const bad of ['http://prom:9090', 'prom:9090/api', 'user@prom:9090', 'prom:99999', 'prom:0']) {
      expect(parseAllowedHost(bad)).toBeNull();
    }
  });

  it('allows a listed host and port, and nothing else', () => {
    const allow = 'prom.internal:9090,127.0.0.1:9090,metrics.example';
    expect(verdict('http://prom.internal:9090', allow)).toBe('ok');
    expect(verdict('HTTP://PROM.INTERNAL:9090/prometheus/', allow)).toBe('ok');
    expect(verdict('https://metrics.example/', allow)).toBe('ok');
    expect(verdict('http://metrics.example/', allow)).toBe('ok');
    // Another spelling of a listed address is that address: the comparison is on the parsed URL.
    expect(verdict('http://0x7f.0.0.1:9090/', allow)).toBe('ok');
    expect(verdict('http://2130706433:9090/', allow)).toBe('ok');
    expect(verdict('http://prom.internal:9091', allow)).toMatch(/not on the operator's list .*prom\.internal:9091/);
    expect(verdict('http://metrics.example:8080/', allow)).toMatch(/not on the operator's list/);
    expect(verdict('http://127.0.0.1:9090.evil.example/', allow)).toMatch(/not on the operator's list|not a URL/);
    expect(verdict('http://prom.internal.evil.example:9090/', allow)).toMatch(/not on the operator's list/);
    expect(verdict('http://169.254.169.254/', allow)).toMatch(/not on the operator's list/);
  });

  it('refuses userinfo, other schemes, query strings, and everything when nothing is allowed', () => {
    const allow = 'prom.internal:9090';
    expect(verdict('http://bot:pw@prom.internal:9090/', allow)).toMatch(/user name or password/);
    expect(verdict('http://prom.internal:9090@169.254.169.254/', allow)).toMatch(/user name or password/);
    expect(verdict('http://169.254.169.254#@prom.internal:9090/', allow)).toMatch(/fragment|not on/);
    expect(verdict('file:///etc/passwd', allow)).toBe('must be an http or https URL');
    expect(verdict('http://prom.internal:9090/?x=1', allow)).toMatch(/query string/);
    expect(verdict('prom.internal:9090', allow)).toMatch(/http or https|not a URL/);
    expect(verdict('http://prom.internal:9090/', '')).toMatch(
      /allowed no metrics source hosts \(HEALTH_SOURCE_HOSTS\)/,
    );
  });

  it('stores the base with a trailing slash so the API path resolves under a prefix', () => {
    const r = checkSourceUrl('http://prom.internal:9090/prometheus', hosts('prom.internal:9090'));
    if (!r.ok) throw new Error(r.problem);
    const base = normalizeSourceUrl(r.url);
    expect(base).toBe('http://prom.internal:9090/prometheus/');
    expect(new URL('api/v1/query', base).href).toBe('http://prom.internal:9090/prometheus/api/v1/query');
  });
});

describe('HEALTH_SOURCE_HOSTS in the configuration', () => {
  const env = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };

  it('is empty when unset, and a list when set', () => {
    expect(loadConfig(env).healthSourceHosts).toEqual([]);
    expect(loadConfig({ ...env, HEALTH_SOURCE_HOSTS: 'prom.internal:9090' }).healthSourceHosts).toEqual([
      { hostname: 'prom.internal', port: 9090 },
    ]);
  });

  it('a bad entry stops start-up naming the variable, not its value', () => {
    const run = () => loadConfig({ ...env, HEALTH_SOURCE_HOSTS: 'http://prom.secret-host:9090/x' });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/HEALTH_SOURCE_HOSTS must be comma-separated host:port entries/);
    expect(run).not.toThrow(/secret-host/);
  });
});
