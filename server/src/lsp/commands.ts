/**
 * The commands the server executes (workspace/executeCommand), every one
 * listed in `executeCommandProvider.commands`: what code lenses and
 * Command-only code actions carry.
 */
export const RUN_SIMULATION_COMMAND = 'vmx.runSimulation';
/** `[uri]` → `{ summary }` of the last simulation (the summary code lens); VS Code's own command opens the results view. */
export const SHOW_RESULTS_COMMAND = 'vmx.showResults';
/** `[WorkspaceEdit]`: a quick fix for a client without codeActionLiteralSupport; the server applies it with workspace/applyEdit. */
export const APPLY_EDIT_COMMAND = 'vmx.applyEdit';

export const SERVER_COMMANDS = [RUN_SIMULATION_COMMAND, SHOW_RESULTS_COMMAND, APPLY_EDIT_COMMAND] as const;
