#!/usr/bin/env node
/** Entry point of `vmx-language-server` (--stdio, --node-ipc or --socket=N, as vscode-languageserver reads them). */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='))) {
  process.argv.push('--stdio');
}
startServer(createConnection(ProposedFeatures.all));
