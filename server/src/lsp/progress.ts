/**
 * Work-done progress for custom requests: vscode-languageserver attaches a
 * reporter only to the standard requests, so a request that carries a
 * `workDoneToken` gets one here ($/progress begin/report/end).
 */
import { Connection, ProgressToken, WorkDoneProgress, WorkDoneProgressReporter } from 'vscode-languageserver';

export function workDoneReporter(connection: Connection, token: ProgressToken | undefined): WorkDoneProgressReporter | undefined {
  if (token === undefined) return undefined;
  const send = (value: Parameters<typeof connection.sendProgress<unknown>>[2]): void => void connection.sendProgress(WorkDoneProgress.type, token, value as never);
  let last = -1;
  return {
    begin: (title, percentage, message, cancellable) => send({ kind: 'begin', title, percentage, message, cancellable }),
    report: (a: number | string, b?: string) => {
      if (typeof a === 'number') {
        if (a === last) return;
        last = a;
        send({ kind: 'report', percentage: a, message: b });
      } else send({ kind: 'report', message: a });
    },
    done: () => send({ kind: 'end' }),
  };
}
