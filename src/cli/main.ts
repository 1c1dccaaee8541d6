// The command line: `migrate-bot plan | assess | import | backup | workspace`, on the same domain and store code as the bot,
// with no Slack credentials. `main` touches no process globals: bin/migrate-bot.js hands it the
// arguments, streams, environment and working folder, and sets the exit code it returns.
import { similarNames } from '../domain/words.ts';
import { ASSESS_USAGE, runAssess } from './assess.ts';
import { BACKUP_USAGE, runBackup } from './backup.ts';
import { IMPORT_USAGE, runImport } from './import.ts';
import { CliError, type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './io.ts';
import { PLAN_USAGE, runPlan } from './plan.ts';
import { runWorkspace, WORKSPACE_USAGE } from './workspace.ts';

export type { CliIo } from './io.ts';

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly run: (argv: readonly string[], io: CliIo) => number | Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  plan: {
    summary: 'order or batch the services of a graph file and compare the three strategies',
    usage: PLAN_USAGE,
    run: runPlan,
  },
  assess: {
    summary: 'score the decision checklist: six scores from 1 to 5',
    usage: ASSESS_USAGE,
    run: runAssess,
  },
  import: {
    summary: "merge a graph file into a migration in the bot's database",
    usage: IMPORT_USAGE,
    run: runImport,
  },
  backup: {
    summary: "copy the bot's database to a file while it runs (SQLite online backup)",
    usage: BACKUP_USAGE,
    run: runBackup,
  },
  workspace: {
    summary: 'delete every row of one workspace (after it uninstalled the app)',
    usage: WORKSPACE_USAGE,
    run: runWorkspace,
  },
};

export const USAGE = `Usage: migrate-bot <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(11)}${c.summary}`)
  .join('\n')}

Examples:
  migrate-bot plan examples/shop-graph.yaml --strategy hybrid
  migrate-bot plan examples/shop-graph.yaml --format mermaid > plan.mmd
  migrate-bot assess --scores 2,3,4,2,5,3
  migrate-bot import examples/shop-graph.yaml --migration shop-kafka
  migrate-bot backup backups/migrate-bot-$(date +%F).db
  migrate-bot workspace delete T0123ABCD

\`migrate-bot <command> --help\` describes a command's options.`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(`${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = rest[0] !== undefined && Object.hasOwn(COMMANDS, rest[0]) ? COMMANDS[rest[0]] : undefined;
    io.stdout.write(`${topic?.usage ?? USAGE}\n`);
    return EXIT_OK;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const near = similarNames(name, Object.keys(COMMANDS))[0];
    const hint = near ? ` Did you mean "migrate-bot ${near}"?` : '';
    io.stderr.write(`migrate-bot: unknown command "${name}".${hint}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      const hint = err.exitCode === EXIT_USAGE ? `\n\`migrate-bot ${name} --help\` lists the options.` : '';
      io.stderr.write(`migrate-bot ${name}: ${err.message}${hint}\n`);
      return err.exitCode;
    }
    // A fault of ours, not the user's: say so, with the stack only on request.
    const message = err instanceof Error ? err.message : String(err);
    const stack = io.env.MIGRATE_BOT_DEBUG && err instanceof Error && err.stack ? `\n${err.stack}` : '';
    io.stderr.write(
      `migrate-bot ${name}: unexpected error: ${message}${stack}\n(set MIGRATE_BOT_DEBUG=1 for the stack trace)\n`,
    );
    return EXIT_FAILED;
  }
}
