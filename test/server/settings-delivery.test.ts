/**
 * Settings reach the server however an LSP client delivers them: pushed by
 * workspace/didChangeConfiguration (`params.settings`, with the `vmx`
 * section or as the section itself), pulled by workspace/configuration when
 * the client declares `workspace.configuration`, or in
 * `initializationOptions.settings`. Clients such as Neovim 0.7 declare no
 * `workspace.configuration`: the server must not pull from them (LSP 3.17),
 * so a push is their only way. And completion sends snippets only to clients
 * that declare snippetSupport. Over stdio, through the bundled server.
 */
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'node:test';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { PublishedDiagnostics, ROOT } from './client';

const TEXT = [
  'topology t {',
  '  host h {',
  '    memory = 8GiB',
  '    cpu { cores = 4 }',
  '    os linux { cgroup = v2 }',
  '    container c {',
  '      privileged = true',
  '      cgroup { memory.max = 1GiB; pids.max = 10 }',
  '      ',
  // A privileged container's VMX209 is folded into its VMX207: r, beside it on this line, is root without a user namespace.
  '    } container r { cgroup { memory.max = 1GiB; pids.max = 10 } }',
  '  }',
  '}',
  '',
].join('\n');
const URI = pathToFileURL(join(ROOT, 'test', 'fixtures', 'server', 'settings-delivery.vmx')).href;

interface Options {
  /** Declare workspace.configuration; the function answers each pull (one value per item). */
  pull?: (items: { section?: string }[]) => unknown[];
  snippetSupport?: boolean;
  initializationOptions?: unknown;
}

/** A bare LSP client over vscode-jsonrpc: only the capabilities a test gives it. */
class Client {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  readonly published: PublishedDiagnostics[] = [];
  readonly pulls: { items: { section?: string }[] }[] = [];
  readonly registrations: { method: string }[] = [];
  private listeners: (() => void)[] = [];

  constructor(private readonly options: Options) {
    this.child = spawn(process.execPath, [join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.published.push(p);
      for (const l of this.listeners) l();
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      this.pulls.push(p);
      for (const l of this.listeners) l();
      return options.pull ? options.pull(p.items) : p.items.map(() => null);
    });
    this.connection.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  async start(): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      initializationOptions: this.options.initializationOptions,
      capabilities: {
        workspace: this.options.pull ? { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } : {},
        textDocument: { completion: { completionItem: { snippetSupport: this.options.snippetSupport ?? false } } },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves when `ok()` holds (checked on each message from the server), or fails after 10 s. */
  until(what: string, ok: () => boolean): Promise<void> {
    if (ok()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 10_000);
      const l = (): void => {
        if (!ok()) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((x) => x !== l);
        resolve();
      };
      this.listeners.push(l);
    });
  }

  /** Codes of the latest diagnostics published for URI, after the n-th publication. */
  latest(): PublishedDiagnostics | undefined {
    return this.published.filter((p) => p.uri === URI).pop();
  }

  count(): number {
    return this.published.filter((p) => p.uri === URI).length;
  }

  async open(): Promise<PublishedDiagnostics> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'vmx', version: 1, text: TEXT } });
    await this.until('the first diagnostics', () => this.count() > 0);
    return this.latest()!;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // gone already
    }
    this.connection.dispose();
    this.child.kill();
  }
}

const codes = (p: PublishedDiagnostics | undefined): (string | number | undefined)[] => (p?.diagnostics ?? []).map((d) => d.code);
const vmx209 = (p: PublishedDiagnostics | undefined) => p?.diagnostics.find((d) => d.code === 'VMX209');

/** Push `settings`, then wait until the diagnostics published after it satisfy `ok`. */
async function pushAndWait(c: Client, settings: unknown, what: string, ok: (p: PublishedDiagnostics) => boolean): Promise<void> {
  const before = c.count();
  await c.connection.sendNotification('workspace/didChangeConfiguration', { settings });
  await c.until(what, () => c.count() > before && ok(c.latest()!));
}

test('no workspace.configuration: settings pushed as { vmx: {…} } by didChangeConfiguration turn VMX209 off, and the server never pulls', async () => {
  const c = new Client({});
  try {
    await c.start();
    const first = await c.open();
    assert.equal(vmx209(first)?.severity, 2, `VMX209 is a warning by default: ${JSON.stringify(codes(first))}`);
    await pushAndWait(c, { vmx: { severities: { VMX209: 'off' } } }, 'diagnostics without VMX209', (p) => !vmx209(p));
    // Only VMX209 went: the other findings keep their severities.
    assert.deepEqual(codes(c.latest()), codes(first).filter((x) => x !== 'VMX209'));
    assert.ok(codes(c.latest()).includes('VMX207'));
    // The diagnostics are those of the open version (publishDiagnostics.version is the document's).
    assert.equal(c.latest()!.version, 1);
    // Back on: the same push channel changes it again.
    await pushAndWait(c, { vmx: { severities: { VMX209: 'error' } } }, 'VMX209 as an error', (p) => vmx209(p)?.severity === 1);
    // LSP 3.17: workspace/configuration only to clients that declare it; no dynamic registration either.
    assert.equal(c.pulls.length, 0, 'the server pulled from a client without workspace.configuration');
    assert.equal(c.registrations.length, 0);
  } finally {
    await c.stop();
  }
});

test('no workspace.configuration: the section itself as params.settings ({ severities: … }) is honoured too', async () => {
  const c = new Client({});
  try {
    await c.start();
    assert.ok(vmx209(await c.open()));
    await pushAndWait(c, { severities: { VMX209: 'off' } }, 'diagnostics without VMX209', (p) => !vmx209(p));
    // Settings of other sections only, or null: nothing to apply, and nothing to pull from this client.
    const before = c.count();
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: { otherTool: { severities: { VMX209: 'error' } } } });
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    // A request answered after both notifications: they have been handled by then.
    await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 5, character: 5 } });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(c.count(), before, 'settings of another section changed the diagnostics');
    assert.equal(c.pulls.length, 0);
  } finally {
    await c.stop();
  }
});

test('workspace.configuration: the server pulls section vmx after initialized, and again on a didChangeConfiguration without settings', async () => {
  let answer: unknown = { severities: { VMX209: 'off' } };
  const c = new Client({ pull: (items) => items.map((i) => (i.section === 'vmx' ? answer : null)) });
  try {
    await c.start();
    await c.until('a workspace/configuration pull', () => c.pulls.length > 0);
    assert.deepEqual(c.pulls[0].items.map((i) => i.section), ['vmx']);
    // The server asks to hear about changes of its section (dynamic registration, which the client allows).
    await c.until('a didChangeConfiguration registration', () => c.registrations.some((r) => r.method === 'workspace/didChangeConfiguration'));
    await c.open();
    await c.until('diagnostics without VMX209', () => !vmx209(c.latest()));
    answer = { severities: { VMX209: 'error' } };
    const pulls = c.pulls.length;
    await pushAndWait(c, null, 'VMX209 as an error after the re-pull', (p) => vmx209(p)?.severity === 1);
    assert.equal(c.pulls.length, pulls + 1);
  } finally {
    await c.stop();
  }
});

test('initializationOptions.settings, as the section or as { vmx: {…} }: the first diagnostics already use them', async () => {
  for (const settings of [{ severities: { VMX209: 'off' } }, { vmx: { severities: { VMX209: 'off' } } }]) {
    const c = new Client({ initializationOptions: { settings } });
    try {
      await c.start();
      const first = await c.open();
      assert.ok(codes(first).includes('VMX207'), 'the other findings are there');
      assert.equal(vmx209(first), undefined, `${JSON.stringify(settings)}: ${JSON.stringify(codes(first))}`);
    } finally {
      await c.stop();
    }
  }
});

test('settings that change nothing re-analyse nothing: the pull after initializationOptions, the same push again; a change re-analyses once', async () => {
  const settings = { simulateOnType: false, severities: { VMX209: 'off' } };
  // The pull answers what initializationOptions said: the analyses of the open document stand.
  const c = new Client({ initializationOptions: { settings }, pull: (items) => items.map(() => settings) });
  const analyses = async () => (await c.connection.sendRequest<{ analyses: number }>('vmx/documentState', { uri: URI })).analyses;
  try {
    await c.start();
    const first = await c.open();
    assert.equal(vmx209(first), undefined);
    await c.until('the pull after initialized', () => c.pulls.length > 0);
    // The same settings pushed (as a client does on any configuration change), then a request to see them handled.
    for (let i = 0; i < 3; i++) await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: { vmx: settings } });
    await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 0 } });
    assert.equal(await analyses(), 1, 'one analysis: the open');
    // A change of severity is a change: one more analysis, and the finding is back.
    await pushAndWait(c, { vmx: { ...settings, severities: {} } }, 'VMX209 back', (p) => vmx209(p) !== undefined);
    assert.equal(await analyses(), 2);
  } finally {
    await c.stop();
  }
});

interface Item {
  label: string;
  insertTextFormat?: number;
  textEdit?: { newText: string };
}

test('completion: snippets (InsertTextFormat 2) only to clients with snippetSupport; the others get one-line plain text (1)', async () => {
  const position = { line: 8, character: 6 }; // the empty line inside container c
  const plain = new Client({ snippetSupport: false });
  const snip = new Client({ snippetSupport: true });
  try {
    for (const c of [plain, snip]) {
      await c.start();
      await c.open();
    }
    const items = async (c: Client): Promise<Item[]> => {
      const r = await c.connection.sendRequest<Item[] | { items: Item[] }>('textDocument/completion', { textDocument: { uri: URI }, position });
      return Array.isArray(r) ? r : r.items;
    };
    const p = await items(plain);
    const s = await items(snip);
    assert.ok(p.some((i) => i.label === 'process'), 'a block completion inside the container');
    assert.deepEqual(p.map((i) => i.label), s.map((i) => i.label));
    for (const i of p) {
      assert.equal(i.insertTextFormat, 1, `${i.label}: PlainText`);
      const t = i.textEdit!.newText;
      assert.doesNotMatch(t, /\$\d|\$\{/, `${i.label}: no snippet syntax in plain text: ${JSON.stringify(t)}`);
      assert.doesNotMatch(t, /[\n\r\0]/, `${i.label}: one line: ${JSON.stringify(t)}`);
    }
    const process = p.find((i) => i.label === 'process')!;
    assert.equal(process.textEdit!.newText, 'process name { }');
    assert.equal(p.find((i) => i.label === 'runtime')!.textEdit!.newText, 'runtime = runc');
    const sp = s.find((i) => i.label === 'process')!;
    assert.equal(sp.insertTextFormat, 2);
    assert.equal(sp.textEdit!.newText, 'process ${1:name} {\n\t$0\n}');
  } finally {
    await plain.stop();
    await snip.stop();
  }
});
