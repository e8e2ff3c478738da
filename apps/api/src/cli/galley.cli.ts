import { loadConfig } from '../config/galley.config';
import { backupCommand } from './backup.command';
import { CliError, EXIT, processIo, UsageError, type CliCommand, type CliIo } from './cli.plumbing';
import { rebuildProjectionsCommand } from './rebuild-projections.command';
import { restoreCommand } from './restore.command';
import { statsCommand } from './stats.command';
import { verifyCommand } from './verify.command';

export const COMMANDS: readonly CliCommand[] = [rebuildProjectionsCommand, backupCommand, restoreCommand, verifyCommand, statsCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    'Usage: npm run galley -- <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'The data folder is GALLEY_DATA_DIR (./data by default); GALLEY_EVENT_STORE picks the store.',
    'Exit codes: 0 done, 1 a problem found or a failure, 2 bad usage or not possible on this store.',
    '',
  ].join('\n');
}

/** Runs one command; returns its exit code. Messages of expected failures go to stderr without a stack. */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"\n\n${usage()}`);
    return await command.run(args, { config: loadConfig(env), io });
  } catch (error) {
    const code = error instanceof CliError ? error.exitCode : isUsage(error) ? EXIT.usage : EXIT.problem;
    const message = error instanceof Error ? error.message : String(error);
    io.err(`galley ${name}: ${message}\n`);
    if (code === EXIT.problem && !(error instanceof CliError) && error instanceof Error && env.GALLEY_DEBUG) io.err(`${error.stack}\n`);
    if (isUsage(error) && command) io.err(`usage: npm run galley -- ${command.usage}\n`);
    return code;
  }
}

/** parseArgs and loadConfig reject bad input with these. */
function isUsage(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) || (error as Error | null)?.name === 'ConfigurationError' || error instanceof UsageError;
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`galley: ${error.message}\n`);
      process.exitCode = EXIT.problem;
    },
  );
}
