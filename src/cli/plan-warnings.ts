// The plan review's warnings as the command line says them: its own options and the graph file,
// and the Slack command for once the graph is imported.
import type { PlanWarning } from '../domain/plan-review.ts';
import { type ReviewVoice, warningSentence as sentence } from '../domain/plan-review-words.ts';

const inSlack = (command: string) => `\`${command}\` in Slack once the graph is imported`;

const CLI_VOICE: ReviewVoice = {
  strong: (text) => text,
  name: (text) => text,
  remove: (calls) => {
    if (calls === null) return 'drop them from the file and plan again';
    const commands = calls.map((c) => `\`/migrate undepend ${c.from} on ${c.to}\``).join(', ');
    const them = calls.length === 1 ? 'it' : 'them';
    return `drop ${them} from the file and plan again (${commands} in Slack once the graph is imported)`;
  },
  removeSharedDb: () => 'drop their shared-db dependency on it from the file and plan again',
  capBatches: (n) => `--batch-cap ${n}`,
  plan: (strategy) => `--strategy ${strategy}`,
  setting: (key) => inSlack(`/migrate set ${key} N`),
};

export function warningSentence(w: PlanWarning): string {
  return sentence(w, CLI_VOICE);
}
