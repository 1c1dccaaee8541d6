import { describe, expect, it } from 'vitest';
import { parseGraphFile } from '../../../src/domain/import/index.ts';
import { MAX_YAML_BYTES } from '../../../src/domain/import/source.ts';

function yamlOf(bytes: number): string {
  const lines = ['services:'];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const line = `  - name: service-${i}\n    depends_on: [service-${i + 1}]`;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

describe('import size limits', () => {
  it('refuses YAML over 1 MB with a pointer to JSON, before parsing it', () => {
    const result = parseGraphFile(yamlOf(MAX_YAML_BYTES + 10), 'native');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toMatch(/save a larger graph as JSON/);
  });

  it('reads the same graph as JSON above the YAML limit', () => {
    const services = Array.from({ length: 19_000 }, (_, i) => ({
      name: `service-with-a-long-name-${i}`,
      depends_on: [`service-with-a-long-name-${i + 1}`],
    }));
    const text = JSON.stringify({ services });
    expect(text.length).toBeGreaterThan(MAX_YAML_BYTES);
    const result = parseGraphFile(text, 'auto');
    expect(result.ok).toBe(true);
  });

  it('still reports errors in large JSON, without line numbers', () => {
    const services = Array.from({ length: 19_000 }, (_, i) => ({ name: `service-${i}`, tier: i === 5 ? 'high' : 1 }));
    const result = parseGraphFile(JSON.stringify({ services }), 'native');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.where).toContain('services[5].tier');
  });
});
