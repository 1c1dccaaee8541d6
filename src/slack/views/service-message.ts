// `/migrate service <name>`: one service's facts and where each came from, its dependencies both
// ways, its blast radius and its place in the plan. Lists are cut to fit at any graph size.
import type { KnownBlock } from '@slack/types';
import { STATE_LABELS } from '../../domain/lifecycle.ts';
import type { DependencyKind, DependencyOrigin, ImportFormat, ServiceState } from '../../domain/model.ts';
import { grouped, plural } from '../../domain/words.ts';
import type { Message } from '../effect.ts';
import { escapeCode, escapeInline, escapeMrkdwn, truncate } from '../escape.ts';
import { slackDate } from '../format.ts';
import { FORMAT_LABELS, type FormatChoice } from './import-modal.ts';
import { contextBlock, fitList, section } from './import-report.ts';

export interface ServiceLinkEdge {
  readonly kind: DependencyKind;
  readonly hidden: boolean;
  readonly origin: DependencyOrigin;
  readonly format: ImportFormat | null;
  readonly callCount: number | null;
}

export interface ServiceLink {
  /** The other service. */
  readonly name: string;
  readonly edges: readonly ServiceLinkEdge[];
}

export type ServicePlace =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'planned';
      readonly version: number;
      readonly total: number;
      readonly position: number;
      readonly step: number | null;
      readonly batch: number | null;
      readonly track: string;
      readonly reason: string;
      readonly group: string | null;
    }
  | { readonly kind: 'left'; readonly version: number; readonly step: number | null; readonly batch: number | null }
  | { readonly kind: 'unplanned'; readonly version: number };

export interface ServiceView {
  readonly migrationName: string;
  readonly name: string;
  /** A mention or escaped team text; null when unknown. */
  readonly owner: string | null;
  readonly tier: number | null;
  readonly criticalTier: number;
  readonly stateful: boolean;
  readonly external: boolean;
  readonly effortDays: number | null;
  readonly defaultEffortDays: number;
  readonly state: ServiceState;
  readonly stateChangedAt: Date;
  readonly sources: Readonly<Record<string, string>>;
  readonly providers: readonly ServiceLink[];
  readonly consumers: readonly ServiceLink[];
  readonly blastRadius: number;
  readonly blastRadiusExact: boolean;
  /** The group it moves with (a cycle, a shared database), when it is in one. */
  readonly group: { readonly reason: string; readonly members: readonly string[] } | null;
  readonly place: ServicePlace;
}

const code = (name: string) => `\`${escapeCode(name)}\``;

const FACT_LABELS: Readonly<Record<string, string>> = {
  owner: 'owner',
  tier: 'tier',
  stateful: 'stateful',
  external: 'external',
  effortDays: 'effort',
};

/** Where a fact came from, in words: the stored source is a format (`native`) or `backstage <field>`. */
function sourceWords(from: string): string {
  const [format = '', ...field] = from.split(' ');
  const label = format in FORMAT_LABELS ? FORMAT_LABELS[format as FormatChoice] : null;
  if (label === null) return escapeMrkdwn(from);
  return field.length ? `the ${label} (${escapeMrkdwn(field.join(' '))})` : `the ${label} import`;
}

/** "created by a Native YAML/JSON import; owner, tier and effort from the same import". */
function sourcesText(sources: Readonly<Record<string, string>>): string {
  const created = sources._created;
  const byOrigin = new Map<string, string[]>();
  for (const [key, from] of Object.entries(sources)) {
    const label = FACT_LABELS[key];
    if (label !== undefined) byOrigin.set(from, [...(byOrigin.get(from) ?? []), label]);
  }
  const facts = [...byOrigin].map(
    ([from, labels]) => `${listWords(labels)} from ${from === created ? 'the same import' : sourceWords(from)}`,
  );
  const first = created ? `created by ${sourceWords(created).replace(/^the /, 'a ')}` : null;
  return [first, ...facts].filter(Boolean).join('; ');
}

function listWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function origin(e: ServiceLinkEdge): string {
  if (e.origin === 'traced') return e.callCount !== null ? `traced (${grouped(e.callCount)} calls)` : 'traced';
  if (e.origin === 'manual') return 'added by hand';
  return e.format ? `declared (${FORMAT_LABELS[e.format]})` : 'declared';
}

export function linkLine(link: ServiceLink): string {
  const kinds = [...new Set(link.edges.map((e) => e.kind))].join(', ');
  const hidden = link.edges.some((e) => e.hidden) ? ' · hidden' : '';
  const origins = [...new Set(link.edges.map(origin))].join(', ');
  return `• ${code(link.name)}: ${kinds}${hidden} · ${origins}`;
}

function tierText(v: ServiceView): string {
  if (v.tier === null) return 'not given';
  return v.tier <= v.criticalTier ? `${v.tier} (critical)` : String(v.tier);
}

/** `groupStated`: the blast-radius section already says which group it moves with. */
function placeText(place: ServicePlace, groupStated: boolean): string {
  switch (place.kind) {
    case 'none':
      return '*Plan*: none yet; a lead makes one with `/migrate plan`.';
    case 'unplanned':
      return `*Plan*: not in plan version ${place.version}; the next re-plan includes it.`;
    case 'left': {
      const slot = place.step !== null ? `step ${place.step}` : place.batch !== null ? `batch ${place.batch}` : null;
      return `*Plan*: under way, so it left the plan of what remains${slot ? ` (it moved as ${slot} of version ${place.version})` : ''}.`;
    }
    case 'planned': {
      const slot = place.step !== null ? `step ${place.step}` : `batch ${place.batch}`;
      const group = place.group && !groupStated ? `\nMoves with: ${escapeMrkdwn(truncate(place.group, 500))}` : '';
      return `*Plan* (version ${place.version}): position ${grouped(place.position)} of ${grouped(place.total)}, ${slot}, ${place.track} track.\nWhy: ${escapeMrkdwn(truncate(place.reason, 1000))}${group}`;
    }
  }
}

export function serviceMessage(v: ServiceView): Message {
  const fields = [
    `*Owner*\n${v.owner ?? 'not given'}`,
    `*Tier*\n${tierText(v)}`,
    `*Stateful*\n${v.stateful ? 'yes' : 'no'}`,
    `*External*\n${v.external ? 'yes (third party)' : 'no'}`,
    `*Effort*\n${v.effortDays !== null ? `${v.effortDays} days` : `${v.defaultEffortDays} days (the migration's default)`}`,
    `*State*\n${STATE_LABELS[v.state]} since ${slackDate(v.stateChangedAt)}`,
  ];
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(v.name, 150) } },
    {
      type: 'section',
      fields: fields.map((text) => ({ type: 'mrkdwn' as const, text: truncate(text, 2000) })),
    },
  ];
  const sourceText = sourcesText(v.sources);
  blocks.push(
    contextBlock(
      `A service of *${escapeInline(v.migrationName)}*. Where its facts came from: ${sourceText || 'not recorded'}.`,
    ),
  );

  const providers = v.providers.length
    ? `*Depends on* (${grouped(v.providers.length)}):\n${fitList(v.providers.map(linkLine), 2500, '\n')}`
    : '*Depends on*: nothing, as far as the graph knows.';
  const consumers = v.consumers.length
    ? `*Depended on by* (${grouped(v.consumers.length)}):\n${fitList(v.consumers.map(linkLine), 2500, '\n')}`
    : '*Depended on by*: nothing, so it is a leaf: moving it first risks only itself.';
  blocks.push(section(providers), section(consumers));

  const estimate = v.blastRadiusExact ? '' : ' (an estimate: the graph is large)';
  const radius =
    v.blastRadius === 0 && v.consumers.length === 0
      ? '*Blast radius*: 0, nothing depends on it.'
      : `*Blast radius*: ${plural(v.blastRadius, 'service depends', 'services depend')} on it, directly or transitively${estimate}; ${grouped(v.consumers.length)} directly.`;
  const group = v.group
    ? `\nIt moves as one group with ${fitList(
        v.group.members.filter((m) => m !== v.name).map(code),
        800,
      )}: ${escapeMrkdwn(truncate(v.group.reason, 300))}.`
    : '';
  blocks.push(section(`${radius}${group}`), section(placeText(v.place, v.group !== null)));
  return { text: truncate(`${escapeInline(v.name)} in ${escapeInline(v.migrationName)}`, 3000), blocks };
}
