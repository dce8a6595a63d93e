import 'dotenv/config';
import { runCli } from './cli.js';

// `npm run cli -- <command>`: the commands are in cli.ts, where tests run them in-process; this adds what only a
// real process has (the .env file, the streams, the exit status).
runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (message) => {
    console.log(message);
  },
  stderr: (message) => {
    console.error(message);
  },
  terminal: process.stderr.isTTY ? process.stderr : undefined,
}).then(
  (status) => process.exit(status),
  (error: unknown) => {
    // Not a mistake the operator can fix: the stack is for whoever looks into it.
    console.error(error);
    process.exit(1);
  },
);
