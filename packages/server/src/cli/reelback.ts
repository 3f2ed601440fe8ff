// `reelback <command>`: the server package's command line. Run it with
//   npm run reelback -- models list            (from the repository root)
//   node --import tsx packages/server/src/cli/reelback.ts models list
import { runCli } from './run-cli.js';

const controller = new AbortController();
// The first Ctrl-C asks the running command to stop (a download keeps its .part); a second one kills at once.
process.once('SIGINT', () => controller.abort(new Error('interrupted')));
process.once('SIGTERM', () => controller.abort(new Error('terminated')));

runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
