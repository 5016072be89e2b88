/**
 * A request to the server behind a cancellable progress notification, as
 * "Run Simulation" and "Discover This Machine" both make it: the
 * notification's Cancel cancels the request (a `$/cancelRequest`), and a
 * request that fails because it was cancelled answers undefined instead of
 * an error. What the request is, and how its failure is shown, stays with
 * the command.
 */
import * as vscode from 'vscode';
import { CancellationToken, CancellationTokenSource } from 'vscode-languageclient/node';

export type NotificationProgress = vscode.Progress<{ message?: string; increment?: number }>;

export function cancellableRequest<T>(title: string, send: (token: CancellationToken, progress: NotificationProgress) => Promise<T>): Thenable<T | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, shown) => {
    const source = new CancellationTokenSource();
    const sub = shown.onCancellationRequested(() => source.cancel());
    try {
      return await send(source.token, progress);
    } catch (e) {
      if (shown.isCancellationRequested) return undefined;
      throw e;
    } finally {
      sub.dispose();
      source.dispose();
    }
  });
}
