/**
 * The extension-host test entry (`extensionTestsPath`): the same module runs
 * under @vscode/test-electron and inside code-server's Node extension host.
 * It runs the mocha suite and resolves (pass) or rejects (fail). The
 * harness may bake a filter in (`node scripts/e2e/run.mjs --grep RE`):
 * only the tests whose full title matches run.
 */
import Mocha from 'mocha';

/** Set by scripts/e2e/build-host-tests.mjs (esbuild `define`); '' runs everything. */
declare const __VMX_HOST_GREP__: string | undefined;

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = typeof __VMX_HOST_GREP__ === 'string' ? __VMX_HOST_GREP__ : '';
  if (grep) {
    mocha.grep(new RegExp(grep));
    console.log(`only the tests matching /${grep}/`);
  }
  // The suite is bundled with this entry: give it mocha's globals, then load it.
  mocha.suite.emit('pre-require', globalThis, 'extension-host-suite', mocha);
  await import('./extension.suite');
  await import('./import-discover.suite');
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  console.log(failures === 0 ? 'VMX EXTENSION-HOST TESTS PASSED' : `VMX EXTENSION-HOST TESTS: ${failures} failed`);
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
