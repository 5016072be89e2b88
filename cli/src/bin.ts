#!/usr/bin/env node
/** Entry point of the `vmx` binary. */
import { main } from './main';

// Writes to a closed pipe (`vmx check … | head`) end the program quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

process.exitCode = main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTty: process.stdout.isTTY === true,
});
