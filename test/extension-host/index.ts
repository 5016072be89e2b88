/**
 * The extension-host test entry (`extensionTestsPath`): the same module runs
 * under @vscode/test-electron and inside code-server's Node extension host.
 * It runs the mocha suite and resolves (pass) or rejects (fail).
 */
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // The suite is bundled with this entry: give it mocha's globals, then load it.
  mocha.suite.emit('pre-require', globalThis, 'extension-host-suite', mocha);
  await import('./extension.suite');
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  console.log(failures === 0 ? 'VMX EXTENSION-HOST TESTS PASSED' : `VMX EXTENSION-HOST TESTS: ${failures} failed`);
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
