import { type ModelsCommandIO, runModelsCommand } from '../transcription/models/models-command.js';
import { type ExportCommandIO, runExportCommand } from './export-command.js';
import { type FlowsCommandIO, runFlowsCommand } from './flows-command.js';

export const CLI_USAGE = `Usage: reelback <command> [options]

Commands:
  models list            whisper models: the catalogue, the cache, the one in use
  models pull NAME       download a whisper model (resumable, checksum-checked)
  models verify [NAME]   check the cached models and the WHISPER_MODEL file
  export [options]       answers, sessions or events as CSV or NDJSON from a server's API (--help)
  flows export FLOW      a flow with its media as a bundle (.tar) from a server's API (--help)
  flows import FILE      a bundle as a new flow of the API key's workspace

'reelback <command> --help' tells more. Exit status: 0 ok, 1 failure, 2 usage error.`;

/** Dispatches `reelback <command> …`; resolves with the exit code (never exits the process itself). */
export async function runCli(args: string[], io: ModelsCommandIO & ExportCommandIO & FlowsCommandIO): Promise<number> {
  const [command, ...rest] = args;
  if (command === '-h' || command === '--help' || command === 'help') {
    io.stdout.write(`${CLI_USAGE}\n`);
    return 0;
  }
  if (command === 'models') return runModelsCommand(rest, io);
  if (command === 'export') return runExportCommand(rest, io);
  if (command === 'flows') return runFlowsCommand(rest, io);
  io.stderr.write(`reelback: ${command === undefined ? 'a command is needed' : `unknown command '${command}'`}\n\n${CLI_USAGE}\n`);
  return 2;
}
