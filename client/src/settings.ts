/** The extension's own reading of the `vmx.*` settings (the server reads the rest). */
import * as vscode from 'vscode';

export interface SimulationSettings {
  duration?: number;
  seed?: number;
}

export function simulationSettings(scope?: vscode.Uri): SimulationSettings {
  const cfg = vscode.workspace.getConfiguration('vmx', scope);
  const duration = cfg.get<number | null>('simulation.duration', null);
  const seed = cfg.get<number | null>('simulation.seed', null);
  return {
    // null means "what the file's simulate block says".
    duration: typeof duration === 'number' && duration > 0 ? duration : undefined,
    seed: typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 ? seed : undefined,
  };
}
