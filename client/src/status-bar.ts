/**
 * The status bar item for the active .vmx file: errors, isolation warnings
 * (VMX2xx) and contention findings (VMX4xx), from the diagnostics VS Code
 * holds. Clicking it opens the results (running the simulation if needed).
 */
import * as vscode from 'vscode';

export interface FileSummary {
  errors: number;
  isolation: number;
  contention: number;
}

export function summarize(diagnostics: readonly vscode.Diagnostic[]): FileSummary {
  const s: FileSummary = { errors: 0, isolation: 0, contention: 0 };
  for (const d of diagnostics) {
    if (d.source !== undefined && d.source !== 'vmx') continue;
    const code = codeOf(d);
    if (d.severity === vscode.DiagnosticSeverity.Error) s.errors++;
    if (/^VMX2\d\d$/.test(code) && d.severity !== vscode.DiagnosticSeverity.Error) s.isolation++;
    if (/^VMX4\d\d$/.test(code)) s.contention++;
  }
  return s;
}

function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  if (typeof c === 'string' || typeof c === 'number') return String(c);
  return c ? String(c.value) : '';
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('vmx.summary', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.item.name = 'VMX Topology Summary';
    this.item.command = 'vmx.showResults';
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.update();
      }),
    );
    this.update();
  }

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== 'vmx') {
      this.item.hide();
      return;
    }
    const s = summarize(vscode.languages.getDiagnostics(doc.uri));
    this.item.text = `$(server-environment) ${s.errors} $(error)  ${s.isolation} $(shield)  ${s.contention} $(pulse)`;
    this.item.tooltip = new vscode.MarkdownString(
      `**VMX** — ${plural(s.errors, 'error')}, ${plural(s.isolation, 'isolation warning')}, ${plural(s.contention, 'contention finding')}\n\nClick to open the simulation results.`,
    );
    this.item.backgroundColor = s.errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : s.contention + s.isolation > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  /** The text shown now (tests read it). */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
