/**
 * The language server: a thin LSP adapter over the core. Documents are
 * synced incrementally; each open document is analysed as a root (with the
 * files it imports), cached until one of them changes. Edits coalesce:
 * diagnostics for the edited file first, then every open file that imports
 * it. Simulations run on change at every size (only the hosts an edit
 * changed are simulated again; `vmx.simulateOnType` turns it off), and on
 * save or on request. Each feature is its own provider module under lsp/.
 */
import { Connection, Diagnostic as LspDiagnostic, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, InitializeParams, InitializeResult, TextDocumentSyncKind } from 'vscode-languageserver';
import { clientFeatures } from './client-features';
import { decodeParams, encodePlaces } from './encoding';
import { SERVER_COMMANDS } from './lsp/commands';
import { registerPullDiagnostics } from './lsp/pull-diagnostics';
import { Analyzer } from './analysis';
import { ServerContext } from './context';
import { Edge, guardParams } from './guard-params';
import { registerCodeActions } from './lsp/code-actions';
import { registerCodeLens } from './lsp/code-lens';
import { registerCompletion } from './lsp/completion';
import { registerCustom, runSimulation } from './lsp/custom';
import { registerDiff } from './lsp/diff';
import { registerDiscover } from './lsp/discover';
import { registerImport } from './lsp/import';
import { insideDocument, toLspDiagnostic } from './lsp/diagnostics';
import { registerFormatting } from './lsp/formatting';
import { registerHover } from './lsp/hover';
import { registerInlayHints } from './lsp/inlay-hints';
import { registerNavigation } from './lsp/navigation';
import { registerSemanticTokens, SEMANTIC_LEGEND } from './lsp/semantic-tokens';
import { registerSignatureHelp } from './lsp/signature-help';
import { registerStructure } from './lsp/structure';
import { registerSymbols } from './lsp/symbols';
import { Coalescer } from './scheduler';
import { defaultSettings, readSettings, settingsKey, vmxSection } from './settings';
import { clampPlaces } from './places';
import { Simulations } from './simulation/simulations';
import { validChanges } from './text-sync';
import { Workspace } from './workspace';

export function startServer(rawConnection: Connection): void {
  const workspace = new Workspace();
  // ctx is defined below; the edge only reads it when a request comes, after initialize.
  const edge: Edge = { decode: (uri, params) => decodeParams(ctx, uri, params), encode: (result, uri) => encodePlaces(ctx, result, uri) };
  const connection = guardParams(rawConnection, (uri) => workspace.document(uri), edge);
  const analyzer = new Analyzer(workspace);
  const simulations = new Simulations();
  let lastElapsed = 0;
  let configurationPull = false;
  let watchFiles = false;
  let registerConfiguration = false;

  /** The diagnostics of an open document as the client gets them: inside the document, in the negotiated encoding. */
  const diagnosticsFor = (uri: string): LspDiagnostic[] => {
    const doc = workspace.document(uri);
    if (!doc) return [];
    const all = analyzer.diagnosticsOf(uri, workspace.openUris()).map(toLspDiagnostic);
    const { kept: diagnostics, dropped } = insideDocument(all, doc);
    for (const d of diagnostics) if (d.relatedInformation) clampPlaces(d.relatedInformation, doc, uri);
    if (dropped > 0) connection.console.warn(`vmx: ${dropped} diagnostics of ${uri} pointed outside the document and were dropped (a bug: please report it)`);
    return diagnostics;
  };

  /** Documents whose diagnostics changed without the client's knowing (a simulation, an imported file, settings): pull clients are asked to refresh. */
  const staleForClient = new Set<string>();
  let refreshTimer: NodeJS.Timeout | undefined;
  const refreshSoon = (): void => {
    if (!ctx.client?.diagnosticRefresh || refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      connection.languages.diagnostics.refresh();
    }, 20);
  };

  const publish = (uri: string): void => {
    if (!workspace.isOpen(uri)) return;
    const t0 = performance.now();
    if (ctx.client?.pullDiagnostics) {
      // Pull: the client asks (textDocument/diagnostic); analysing now keeps that answer quick.
      analyzer.get(uri);
      lastElapsed = performance.now() - t0;
      if (staleForClient.delete(uri)) refreshSoon();
      return;
    }
    const diagnostics = encodePlaces(ctx, diagnosticsFor(uri), uri);
    lastElapsed = performance.now() - t0;
    void connection.sendDiagnostics({ uri, version: workspace.version(uri), diagnostics });
  };

  /** A notification the LSP does not allow (no text, a position without numbers): dropped, with a line in the log. */
  const ignored = (method: string, uri: string): void => connection.console.warn(`vmx: ignored a malformed ${method} for ${uri}`);

  const rerun = new Set<string>();
  /**
   * Simulate on change (only the changed hosts run: simulation/incremental.ts), unless the user turned it
   * off or set the deprecated simulateOnTypeMaxLines (no limit by default).
   */
  const maybeSimulate = (uri: string, trigger: 'change' | 'save'): void => {
    if (!simulations.available) return;
    const a = analyzer.get(uri);
    if (!a?.result.model || a.result.model.hosts.length === 0) return;
    if (a.result.diagnostics.some((d) => d.uri === uri && d.severity === 'error' && d.code < 'VMX200')) return;
    const small = a.file.lines.lineCount <= ctx.settings.simulateOnTypeMaxLines;
    if (trigger === 'change' && !(ctx.settings.simulateOnType && small)) return;
    // One worker run per document at a time: edits during it ask for one more run after it.
    if (simulations.isRunningInWorker(uri)) {
      rerun.add(uri);
      return;
    }
    // An in-process run still going started after the last edit (edits cancel those): it is of this text,
    // typically a client's vmx/simulate, which a second run would abort and answer RequestCancelled.
    if (simulations.isRunning(uri)) return;
    void runSimulation(ctx, { uri })
      .catch(() => undefined)
      .finally(() => {
        // Through the queue, not at once: edits came during the run, so the text's analysis is stale, and
        // analysing it now (half a second at 20k lines) would hold the completions of a person still typing.
        if (!rerun.delete(uri) || !workspace.isOpen(uri)) return;
        if (trigger === 'save') return maybeSimulate(uri, trigger);
        needsSimulation.add(uri);
        enqueue([uri]);
      });
  };

  /** Roots whose text (or imports) changed since their last simulation-on-change. */
  const needsSimulation = new Set<string>();
  const queue = new Coalescer(
    (uri) => {
      // A bug in a check must not take the server down with it: log it, keep serving.
      try {
        publish(uri);
        if (needsSimulation.delete(uri)) maybeSimulate(uri, 'change');
      } catch (e) {
        connection.console.error(`vmx: analysing ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    },
    // Edits that arrive while an analysis runs are applied before the next one starts, so a short
    // delay is enough to coalesce; slow analyses wait a little longer so completion requests sent
    // right after a keystroke are answered first.
    () => (lastElapsed < 20 ? 1 : Math.min(25, lastElapsed / 2)),
  );

  /** Bumped whenever some diagnostics may have changed (everything that changes them queues roots): pull reports are cached per generation. */
  let generation = 0;
  const enqueue = (uris: string[], edited = false): void => {
    generation++;
    queue.add(uris, edited);
  };

  const ctx: ServerContext = {
    connection,
    workspace,
    analyzer,
    simulations,
    settings: defaultSettings(),
    schedule: (uris) => {
      for (const u of uris) staleForClient.add(u);
      enqueue(uris);
    },
    refresh: { inlayHints: false, codeLens: false },
  };

  /** `uri` changed: opened, edited (`edited`: typing, whose runs the scheduler times), or changed on disk. */
  const changed = (uri: string, edited = false): void => {
    simulations.cancel(uri, { keepWorker: true });
    const affected = analyzer.invalidate(uri).filter((u) => workspace.isOpen(u));
    for (const u of affected) needsSimulation.add(u);
    for (const u of affected) if (u !== uri) staleForClient.add(u);
    needsSimulation.add(uri);
    enqueue([uri, ...affected.filter((u) => u !== uri)], edited);
  };

  /** The settings the analyses were made with, as a comparable key. */
  let appliedSettings = settingsKey(ctx.settings);
  const pullSettings = async (): Promise<void> => {
    if (!configurationPull) return;
    try {
      const raw = await connection.workspace.getConfiguration('vmx');
      ctx.settings = readSettings(raw);
    } catch {
      return;
    }
    applySettings();
  };
  const applySettings = (): void => {
    const key = settingsKey(ctx.settings);
    // The same settings again — the pull right after initialize answers what initializationOptions
    // said; a push that changes nothing of ours: nothing to redo (with a 100k-line file open, a whole
    // analysis and a whole simulation).
    if (key === appliedSettings) return;
    appliedSettings = key;
    workspace.config = ctx.settings.config;
    workspace.invalidateDisk();
    analyzer.invalidateAll();
    simulations.resetCaches();
    for (const u of workspace.openUris()) staleForClient.add(u);
    enqueue(workspace.openUris());
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    configurationPull = !!caps.workspace?.configuration;
    // Dynamic registration only where the client declares it for that capability (LSP 3.17 client/registerCapability).
    watchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    registerConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    ctx.refresh.inlayHints = !!caps.workspace?.inlayHint?.refreshSupport;
    ctx.refresh.codeLens = !!caps.workspace?.codeLens?.refreshSupport;
    ctx.snippetSupport = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
    ctx.client = clientFeatures(params);
    const td = caps.textDocument;
    if (params.initializationOptions && typeof params.initializationOptions === 'object') {
      const opts = params.initializationOptions as Record<string, unknown>;
      if (opts.settings) {
        ctx.settings = readSettings(opts.settings);
        workspace.config = ctx.settings.config;
        appliedSettings = settingsKey(ctx.settings);
      }
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['=', ' ', '"', '(', '[', ',', '.', '{'], resolveProvider: true },
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [' ', '='] },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: { label: 'VMX topology' },
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true, range: true },
        codeActionProvider: td?.codeAction?.codeActionLiteralSupport ? { codeActionKinds: ['quickfix', 'refactor.rewrite'], resolveProvider: ctx.client.codeActionResolveEdit } : true,
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [...SERVER_COMMANDS] },
        ...(ctx.client.pullDiagnostics ? { diagnosticProvider: { identifier: 'vmx', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        ...(Array.isArray(caps.general?.positionEncodings) ? { positionEncoding: ctx.client.positionEncoding } : {}),
      },
      serverInfo: { name: 'vmx-language-server', version: typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0' },
    };
  });

  connection.onInitialized(() => {
    // Imported files that are not open are read from disk: hear when they change.
    if (watchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.vmx' }] }).catch(() => undefined);
    if (registerConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'vmx' }).catch(() => undefined);
    if (configurationPull) void pullSettings();
  });

  connection.onDidChangeConfiguration((change) => {
    const pushed = vmxSection(change.settings);
    if (pushed) {
      ctx.settings = readSettings(pushed);
      applySettings();
    } else void pullSettings();
  });

  connection.onDidOpenTextDocument(({ textDocument: d }) => {
    if (typeof d.text !== 'string' || !Number.isInteger(d.version)) return ignored('textDocument/didOpen', d.uri);
    workspace.openDocument(d.uri, d.languageId, d.version, d.text);
    changed(d.uri);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    if (!validChanges(contentChanges) || !Number.isInteger(textDocument.version)) return ignored('textDocument/didChange', textDocument.uri);
    const edits = workspace.changeDocument(textDocument.uri, contentChanges, textDocument.version, ctx.client?.positionEncoding === 'utf-8');
    if (!edits) return;
    analyzer.editFindings(textDocument.uri, edits);
    changed(textDocument.uri, true);
  });

  connection.onDidSaveTextDocument(({ textDocument }) => {
    try {
      maybeSimulate(textDocument.uri, 'save');
    } catch (e) {
      connection.console.error(`vmx: simulating ${textDocument.uri} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    const uri = textDocument.uri;
    workspace.close(uri);
    queue.remove(uri);
    needsSimulation.delete(uri);
    rerun.delete(uri);
    simulations.forget(uri);
    analyzer.forget(uri);
    // Files that imported it now read it from disk.
    for (const u of analyzer.invalidate(uri)) {
      if (!workspace.isOpen(u)) continue;
      staleForClient.add(u);
      enqueue([u]);
    }
    if (!ctx.client?.pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const ch of changes) {
      workspace.invalidateDisk(ch.uri);
      if (!workspace.isOpen(ch.uri)) changed(ch.uri);
    }
  });

  registerHover(ctx);
  registerCompletion(ctx);
  registerSignatureHelp(ctx);
  registerNavigation(ctx);
  registerSymbols(ctx);
  registerStructure(ctx);
  registerFormatting(ctx);
  registerSemanticTokens(ctx);
  registerCodeActions(ctx);
  registerCodeLens(ctx);
  registerInlayHints(ctx);
  registerCustom(ctx);
  registerDiff(ctx);
  registerImport(ctx);
  registerDiscover(ctx);
  registerPullDiagnostics(ctx, diagnosticsFor, () => generation);

  connection.listen();
}

declare const __VERSION__: string | undefined;
