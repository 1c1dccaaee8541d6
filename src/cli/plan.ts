// `migrate-bot plan <file>`: the bot's planner and estimator on a graph file, no Slack and no database.
import { z } from 'zod';
import { compareStrategies } from '../domain/estimates.ts';
import { PLAN_DIRECTIONS, STRATEGIES } from '../domain/model.ts';
import { reviewPlan } from '../domain/plan-review.ts';
import { plan } from '../domain/planner.ts';
import { checkSetting, withDefaults } from '../domain/settings.ts';
import { FORMAT_CHOICES, loadGraphFile, toPlanGraph } from './graph-file.ts';
import { type CliIo, choiceOf, EXIT_OK, parseFileCommand } from './io.ts';
import { warningSentence } from './plan-warnings.ts';
import { renderPlanMermaid } from './render-mermaid.ts';
import { type PlanReport, renderPlanJson, renderPlanText } from './render-plan.ts';

export const PLAN_USAGE = `Usage: migrate-bot plan <file> [options]

Orders or batches the services of a dependency graph file and compares the three strategies.
Reads only the file: no Slack, no database.

Options:
  --strategy sequential|parallel|hybrid     default sequential
  --direction leaf-first|providers-first    default leaf-first: consumers move before what they depend on
  --batch-cap N                             largest parallel batch; default 0, no cap
  --input-format auto|native|backstage|traces|csv
                                            the file's format; default auto (by extension and content)
  --format text|json|mermaid                the output; default text
  --collapse                                mermaid: steps and batches as nodes with their counts; the
                                            default past what Mermaid draws (500 edges, 50,000 characters)
  --full                                    mermaid: every service, even past those limits
  -h, --help                                this help`;

export const OUTPUT_FORMATS = ['text', 'json', 'mermaid'] as const;

const zPlanOptions = z
  .object({
    strategy: choiceOf(STRATEGIES).default('sequential'),
    direction: choiceOf(PLAN_DIRECTIONS).default('leaf-first'),
    'batch-cap': z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return 0;
        const check = checkSetting('batch-cap', raw);
        if (check.ok) return check.value;
        ctx.addIssue({ code: 'custom', message: check.reason.replace('"batch-cap" ', '') });
        return z.NEVER;
      }),
    'input-format': choiceOf(FORMAT_CHOICES).default('auto'),
    format: choiceOf(OUTPUT_FORMATS).default('text'),
    collapse: z.boolean().default(false),
    full: z.boolean().default(false),
  })
  .refine((o) => !(o.collapse && o.full), { message: '--collapse and --full ask for opposite diagrams: give one.' })
  .refine((o) => o.format === 'mermaid' || !(o.collapse || o.full), {
    message: '--collapse and --full shape the diagram: add --format mermaid.',
  });

export function runPlan(argv: readonly string[], io: CliIo): number {
  const command = parseFileCommand(argv, io, {
    name: 'plan',
    usage: PLAN_USAGE,
    options: ['strategy', 'direction', 'batch-cap', 'input-format', 'format'],
    flags: ['collapse', 'full'],
    schema: zPlanOptions,
  });
  if (!command) return EXIT_OK;
  const { file, options: o } = command;
  const parsed = loadGraphFile(io, file, o['input-format'], 'nothing was planned');
  const graph = toPlanGraph(parsed);
  const result = plan(graph, { strategy: o.strategy, direction: o.direction, batchCap: o['batch-cap'] });
  // The guide's figures throughout; the batch cap asked for applies to the comparison's plans too.
  const settings = withDefaults({ 'batch-cap': o['batch-cap'] });
  const estimates = compareStrategies(graph, settings, new Set(), o.direction);
  const report: PlanReport = {
    file,
    format: parsed.format,
    notes: parsed.notes,
    graph,
    dependencies: parsed.graph.dependencies,
    owners: new Map(parsed.graph.services.flatMap((s) => (s.owner ? [[s.name, s.owner] as const] : []))),
    plan: result,
    estimates,
    warnings: reviewPlan({ plan: result, graph, comparison: estimates }),
  };
  if (o.format === 'text') {
    io.stdout.write(renderPlanText(report));
    return EXIT_OK;
  }
  // Machine-readable output keeps stdout clean: the importer's notes go to stderr.
  for (const note of parsed.notes) io.stderr.write(`note: ${note}\n`);
  if (o.format === 'json') {
    io.stdout.write(renderPlanJson(report));
    return EXIT_OK;
  }
  // A diagram has no room for the review, so it goes to stderr with the notes.
  for (const w of report.warnings) io.stderr.write(`warning: ${warningSentence(w)}\n`);
  const diagram = renderPlanMermaid(report, o.collapse ? 'collapse' : o.full ? 'full' : 'auto');
  if (diagram.notice) io.stderr.write(`${diagram.notice}\n`);
  io.stdout.write(diagram.text);
  return EXIT_OK;
}
