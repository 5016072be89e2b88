/**
 * Helpers for the protocol robustness tests: the server is the bundled
 * dist/server.js over stdio, the client vscode-jsonrpc (test/server/client.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../server/client';

/** Every request the server answers, with a position-taking shape where it has one. */
export const DOCUMENT_REQUESTS = [
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/signatureHelp',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/documentHighlight',
  'textDocument/prepareRename',
  'textDocument/rename',
  'textDocument/documentSymbol',
  'textDocument/foldingRange',
  'textDocument/selectionRange',
  'textDocument/documentLink',
  'textDocument/formatting',
  'textDocument/rangeFormatting',
  'textDocument/semanticTokens/full',
  'textDocument/semanticTokens/range',
  'textDocument/codeAction',
  'textDocument/codeLens',
  'textDocument/inlayHint',
  'vmx/topology',
  'vmx/convertVmware',
];

/** Well-formed params for a request on `uri` at a position, with whatever a method needs besides. */
export function paramsFor(method: string, uri: string, line: number, character: number): Record<string, unknown> {
  const position = { line, character };
  const range = { start: position, end: { line: line + 1, character } };
  return {
    textDocument: { uri },
    uri,
    position,
    range,
    positions: [position],
    newName: 'renamed',
    context: { includeDeclaration: true, diagnostics: [], triggerKind: 1 },
    options: { tabSize: 2, insertSpaces: true },
  };
}

/** Malformed params of every shape a broken client could send. */
export function malformedParams(uri: string): unknown[] {
  return [
    null,
    undefined,
    {},
    [],
    'text',
    42,
    { textDocument: null },
    { textDocument: 5, position: 'here' },
    { textDocument: { uri: 7 }, position: { line: 'a', character: null } },
    { textDocument: { uri }, position: null },
    { textDocument: { uri }, position: { line: -1, character: -5 } },
    { textDocument: { uri }, position: { line: 1e12, character: 1e12 } },
    { textDocument: { uri }, position: { line: 1.5, character: NaN } },
    { textDocument: { uri }, range: { start: { line: 9, character: 0 }, end: { line: 0, character: 0 } } },
    { textDocument: { uri }, range: null, options: null, context: null, newName: 12 },
    { textDocument: { uri }, position: { line: 0, character: 0 }, newName: '' },
    { textDocument: { uri }, position: { line: 0, character: 0 }, newName: 'has space' },
    { textDocument: { uri }, positions: 'x' },
    { textDocument: { uri: '' } },
    { textDocument: { uri: 'not a uri' } },
    { textDocument: { uri: 'file:///%ZZ/unknown.vmx' } },
    { textDocument: { uri: 'http://example.com/x.vmx' } },
    { textDocument: { uri: 'untitled:Untitled-1' } },
    { uri: { nested: true } },
    { __proto__: { polluted: true }, textDocument: { uri, constructor: 1 } },
  ];
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p.finally(() => clearTimeout(timer)), new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]);
}

/** A realistic topology from the samples (imports left out: the file stands alone). */
export function sampleText(name = 'kvm-cloud-host.vmx'): string {
  return readFileSync(join(ROOT, 'samples', name), 'utf8').replace(/^import .*$/gm, '');
}

/** Offset → LSP position in a text. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
