// The sentences about the work-in-progress rules' facts (src/domain/wip.ts). Plain words, no
// mrkdwn: the start command stores them with the confirmation and in the audit log, and escapes
// them where it shows them.
import { STATE_LABELS } from '../../domain/lifecycle.ts';
import type { GroupRef, StartObjection, StartReminder, TrackRule } from '../../domain/wip.ts';

const MAX_NAMES = 5;

function names(list: readonly string[]): string {
  const shown = list.slice(0, MAX_NAMES);
  const more = list.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

function groupLabel(group: GroupRef): string {
  return group.batch === null ? `${group.first} (no batch)` : `batch ${group.batch}`;
}

function ruleText(rule: TrackRule): string {
  const track = rule.hybrid ? `the ${rule.track} track` : rule.track;
  return `${track} allows one ${rule.track === 'sequential' ? 'service' : 'batch'} in flight`;
}

export function objectionText(o: StartObjection): string {
  switch (o.code) {
    case 'unplanned':
      return `${o.service} has no place in the plan yet, so no order applies to it`;
    case 'in_flight': {
      const where = o.group ? ` (${groupLabel(o.group)})` : '';
      return `over the limit: ${ruleText(o.rule)} and ${o.service}${where} is in ${STATE_LABELS[o.state]}`;
    }
    case 'services_together':
      return `over the limit: ${ruleText(o.rule)} and this starts ${names(o.services)} together`;
    case 'batches_together':
      return `over the limit: ${ruleText(o.rule)} and this starts ${o.groups.map(groupLabel).join(', ')} together`;
    case 'out_of_order':
      return `starting out of plan order: ${names(o.earlier)} ${o.earlier.length === 1 ? 'comes' : 'come'} before ${o.service}`;
    case 'batch_out_of_order': {
      const verb = o.unfinished.length === 1 ? 'is' : 'are';
      return `starting out of plan order: ${groupLabel(o.current)} comes before ${groupLabel(o.target)} and ${names(o.unfinished)} ${verb} not done yet`;
    }
  }
}

export function reminderText(r: StartReminder): string {
  return `keep ${r.previous}'s old platform running until ${r.service} is validated.`;
}
