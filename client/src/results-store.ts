/** The latest simulation result per document, from the command or from the server's notifications. */
import * as vscode from 'vscode';
import type { SimulationResult } from './protocol';

export class ResultsStore implements vscode.Disposable {
  private readonly results = new Map<string, SimulationResult>();
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;

  set(uri: string, result: SimulationResult): void {
    this.results.set(uri, result);
    this.changed.fire(uri);
  }

  get(uri: string): SimulationResult | undefined {
    return this.results.get(uri);
  }

  delete(uri: string): void {
    if (this.results.delete(uri)) this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A defensive check of what the server sent: enough structure for the views not to throw. */
export function isSimulationResult(x: unknown): x is SimulationResult {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Partial<SimulationResult>;
  return typeof r.duration === 'number' && Array.isArray(r.entities) && r.entities.every((e) => typeof e === 'object' && e !== null && typeof e.id === 'string');
}
