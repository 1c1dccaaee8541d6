// `/migrate health …`: what a team sets up for health checks (issue 15). The source and the
// templates are the leads'; a service's own checks are its owner's or a lead's. Evaluation is the
// tick's (src/schedule); this module only reads the results it stored.
import { z } from 'zod';
import { editDistance } from '../src/domain/words.ts';
import { removeSource, setSource, showSource } from '../src/services/health-setup.ts';
import { resolveMigration, scoped } from '../src/services/scope.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { HEALTH_USAGE } from '../src/slack/views/health-setup-text.ts';
import { serviceByName } from '../src/store/graph.ts';
import { addCheck, removeCheck, showServiceHealth } from './health-checks.ts';
import {
  setEvaluationInterval,
  setTemplateThreshold,
  setWindow,
  showTemplates,
  useTemplates,
} from './health-templates.ts';

export type HealthArgs =
  | { op: 'usage' }
  | { op: 'source' }
  | { op: 'source-set'; url: string }
  | { op: 'source-remove' }
  | { op: 'templates' }
  | { op: 'templates-use'; set: string }
  | { op: 'templates-set'; key: string; threshold: string }
  | { op: 'window'; value: string }
  | { op: 'interval'; value: string }
  | { op: 'service'; service: string }
  | { op: 'service-add'; service: string; key: string; query: string; threshold: string }
  | { op: 'service-remove'; service: string; key: string };

const RESERVED = ['source', 'templates', 'window', 'interval'] as const;

/** Slack sends &, < and > of a command's text as entities; a PromQL or a threshold needs them back. */
export function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** With should_escape (manifest.yml), Slack sends a URL as `<http://…>` or `<http://…|label>`. */
export function unwrapLink(word: string): string {
  return /^<([^|>]+)(?:\|[^>]*)?>$/.exec(word)?.[1] ?? word;
}

const zArgs = z.array(z.string()).transform((raw, ctx): HealthArgs => {
  const words = raw.map(decodeEntities);
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  const [first, second, ...rest] = words;
  if (first === undefined) return { op: 'usage' };
  const head = first.toLowerCase();
  switch (head) {
    case 'source': {
      if (second === undefined) return { op: 'source' };
      if (second === 'remove' && rest.length === 0) return { op: 'source-remove' };
      if (second === 'prometheus' && rest.length === 1 && rest[0] !== undefined)
        return { op: 'source-set', url: unwrapLink(rest[0]) };
      return fail(
        '`source` takes `prometheus <url>` or `remove`, e.g. `health source prometheus http://prometheus.internal:9090`',
      );
    }
    case 'templates': {
      if (second === undefined) return { op: 'templates' };
      if (second === 'use' && rest.length === 1 && rest[0] !== undefined) return { op: 'templates-use', set: rest[0] };
      const [key, threshold] = rest;
      if (second === 'set' && key !== undefined && threshold !== undefined && rest.length === 2) {
        return { op: 'templates-set', key, threshold };
      }
      return fail(
        '`templates` takes `use prometheus|opentelemetry` or `set <key> <threshold>`, e.g. `templates set error-ratio <2%`',
      );
    }
    case 'window':
    case 'interval':
      if (second === undefined || rest.length > 0) {
        return fail(
          head === 'window'
            ? '`window` takes a duration, e.g. `health window 5m`'
            : '`interval` takes a duration, e.g. `health interval 60s`',
        );
      }
      return { op: head, value: second };
  }
  if (second === undefined) return { op: 'service', service: first };
  if (second === 'add') {
    const [key, ...more] = rest;
    const threshold = more.at(-1);
    const query = more.slice(0, -1).join(' ').trim();
    if (key === undefined || threshold === undefined || query === '') {
      return fail(
        '`add` takes a key, the PromQL and a threshold, e.g. `health orders add lag sum(kafka_lag{service="{{service}}"}) <1000`',
      );
    }
    return { op: 'service-add', service: first, key, query, threshold };
  }
  if (second === 'remove' && rest.length === 1 && rest[0] !== undefined) {
    return { op: 'service-remove', service: first, key: rest[0] };
  }
  return fail('takes `add <key> <promql> <threshold>` or `remove <key>` after the service');
});

function usage(intro: string | null): Effect {
  const text = `${intro === null ? '' : `${intro}\n`}*Health checks*: the team’s own metrics behind Approve and the monitoring window.\n${HEALTH_USAGE}`;
  return reply({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
}

export const healthCommand = defineCommand({
  name: 'health',
  usage: 'health [source prometheus <url> | templates … | window <5m> | interval <60s> | <service> [add|remove …]]',
  summary: 'health checks from your Prometheus: the source, the check templates, and each service’s checks',
  args: scoped(zArgs),
  async run(deps, actor, { migration: name, args }: { migration: string | null; args: HealthArgs }) {
    const migration = resolveMigration(deps, actor, name);
    switch (args.op) {
      case 'usage':
        return [usage(null)];
      case 'source':
        return showSource(deps, actor, migration);
      case 'source-set':
        return setSource(deps, actor, migration, args.url);
      case 'source-remove':
        return removeSource(deps, actor, migration);
      case 'templates':
        return showTemplates(deps, actor, migration);
      case 'templates-use':
        return useTemplates(deps, actor, migration, args.set);
      case 'templates-set':
        return setTemplateThreshold(deps, actor, migration, args.key, args.threshold);
      case 'window':
        return setWindow(deps, actor, migration, args.value);
      case 'interval':
        return setEvaluationInterval(deps, actor, migration, args.value);
      case 'service': {
        const near = RESERVED.find((word) => editDistance(args.service.toLowerCase(), word) <= 2);
        if (near !== undefined && serviceByName(deps.store.db, migration, args.service) === null) {
          return [
            usage(
              `There is no \`/migrate health ${escapeInline(args.service)}\`. Did you mean \`/migrate health ${near}\`?`,
            ),
          ];
        }
        return showServiceHealth(deps, actor, migration, args.service);
      }
      case 'service-add':
        return addCheck(deps, actor, migration, args);
      case 'service-remove':
        return removeCheck(deps, actor, migration, args.service, args.key);
    }
  },
});
