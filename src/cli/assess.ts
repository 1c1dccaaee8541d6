// `migrate-bot assess --scores 2,3,4,2,5,3`: the decision checklist (the same rules as
// `/migrate assess`) scored from the command line.
import { parseArgs } from 'node:util';
import {
  adviceFor,
  assess,
  CRITERIA,
  CRITERION_SPECS,
  type Outcome,
  type Pull,
  zScore,
  zScores,
} from '../domain/checklist.ts';
import { type CliIo, EXIT_OK, parseOrUsage, problemList, usageError, writeLines } from './io.ts';

const ORDER = CRITERIA.map((c) => CRITERION_SPECS[c].title.toLowerCase()).join(', ');

export const ASSESS_USAGE = `Usage: migrate-bot assess --scores <six scores>

Scores the migration decision checklist: six whole numbers from 1 (strongly sequential) to 5
(strongly parallel), comma-separated, in this order:
  ${ORDER}
${CRITERIA.map((c, i) => `  ${i + 1}. ${CRITERION_SPECS[c].title}: ${CRITERION_SPECS[c].question}`).join('\n')}

Example: migrate-bot assess --scores 2,3,4,2,5,3

Options:
  --scores a,b,c,d,e,f   the six scores
  -h, --help             this help`;

const OUTCOME_WORDS: Readonly<Record<Outcome, string>> = {
  sequential: 'sequential: one service at a time',
  hybrid: 'hybrid: the critical core one at a time, the rest in parallel batches',
  parallel: 'parallel batches are viable',
};

const PULL_WORDS: Readonly<Record<Pull, string>> = {
  sequential: 'pulls towards sequential',
  neutral: 'neutral',
  parallel: 'pulls towards parallel',
};

export function runAssess(argv: readonly string[], io: CliIo): number {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { scores: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }),
  );
  if (values.help) {
    io.stdout.write(`${ASSESS_USAGE}\n`);
    return EXIT_OK;
  }
  if (positionals.length > 0) {
    throw usageError(`assess takes its scores after --scores, e.g. --scores ${positionals.join(',')}.`);
  }
  if (values.scores === undefined) throw usageError('assess needs --scores, e.g. --scores 2,3,4,2,5,3.');
  const raw = values.scores.split(',').map((s) => s.trim());
  if (raw.length !== CRITERIA.length) {
    throw usageError(`--scores takes six scores, one per criterion (${ORDER}); got ${raw.length}: "${values.scores}".`);
  }
  const problems: string[] = [];
  for (const [i, c] of CRITERIA.entries()) {
    const text = raw[i] as string;
    const check = zScore.safeParse(text === '' ? Number.NaN : text);
    const title = CRITERION_SPECS[c].title;
    if (!check.success) problems.push(`score ${i + 1} (${title}) is "${text}": ${check.error.issues[0]?.message}`);
  }
  if (problems.length > 0) throw usageError(problemList(`${problems.length} scores are wrong:`, problems));
  const scores = zScores.parse(Object.fromEntries(CRITERIA.map((c, i) => [c, raw[i]])));

  const result = assess(scores);
  const rows = CRITERIA.map((c) => {
    const spec = CRITERION_SPECS[c];
    return [spec.title, `${scores[c]}/5`, spec.labels[scores[c] - 1] ?? '', PULL_WORDS[result.pulls[c]]];
  });
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  const lines = [
    `Checklist total: ${result.total}/30 -> ${OUTCOME_WORDS[result.outcome]}`,
    '(6-12 sequential, 13-18 hybrid, 19-30 parallel viable)',
    '',
    ...rows.map((r) => `  ${r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ')}`),
    '',
    'What to watch for:',
    ...adviceFor(result).flatMap((a) => [`  - ${a.risk}.`, `    ${a.mitigation}.`]),
  ];
  writeLines(io.stdout, lines);
  return EXIT_OK;
}
