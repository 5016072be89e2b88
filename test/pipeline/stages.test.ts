/**
 * analyze() runs each stage on its own: an exception in one family of
 * checks or in the simulation becomes one VMX111 "internal error in …"
 * (no stack trace) and costs only that stage's findings. A cancelled
 * simulation (AbortError) is not a failure and still aborts the analysis.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, AnalyzeOptions } from '../../core/src/analyze';
import { CHECKS } from '../../core/src/checks';
import { simulationStage } from '../../core/src/sim';
import { inHost, MemorySources } from '../helpers';

const PRIVILEGED = inHost('    container c {\n      privileged = true\n      cgroup { memory.max = 1GiB pids.max = 100 }\n    }\n');

function run(extraStages: AnalyzeOptions['extraStages']) {
  const sources = new MemorySources();
  const root = sources.set('main.vmx', PRIVILEGED);
  return analyze(root, sources, { extraStages });
}

describe('pipeline stages fail alone', () => {
  it('a simulation that throws: one VMX111 "internal error in the simulation", the checks\' findings kept', () => {
    const r = run([
      () => {
        throw new RangeError('Maximum call stack size exceeded\n    at somewhere (file.ts:1:1)');
      },
    ]);
    const internal = r.diagnostics.filter((d) => d.code === 'VMX111');
    assert.equal(internal.length, 1);
    assert.equal(internal[0].message, 'internal error in the simulation: RangeError: Maximum call stack size exceeded');
    assert.equal(internal[0].severity, 'error');
    assert.deepEqual(internal[0].range.start, { line: 0, character: 0 });
    assert.ok(r.diagnostics.some((d) => d.code === 'VMX207'), 'the container checks still report');
    assert.ok(r.model, 'the model is still returned');
  });

  it('a family of checks that throws costs only its own findings', () => {
    const broken = {
      name: 'the broken checks',
      check: (): void => {
        throw new TypeError("Cannot read properties of undefined (reading 'id')");
      },
    };
    CHECKS.unshift(broken);
    try {
      const sources = new MemorySources();
      const r = analyze(sources.set('main.vmx', PRIVILEGED), sources);
      const internal = r.diagnostics.filter((d) => d.code === 'VMX111');
      assert.equal(internal.length, 1);
      assert.equal(internal[0].message, "internal error in the broken checks: TypeError: Cannot read properties of undefined (reading 'id')");
      assert.ok(r.diagnostics.some((d) => d.code === 'VMX207'), 'the container checks after it still report');
    } finally {
      CHECKS.splice(CHECKS.indexOf(broken), 1);
    }
  });

  it('a real simulation stage beside them runs as before', () => {
    const r = run([simulationStage({ duration: 1 })]);
    assert.ok(!r.diagnostics.some((d) => d.code === 'VMX111'), JSON.stringify(r.diagnostics.filter((d) => d.code === 'VMX111')));
    assert.ok(r.diagnostics.some((d) => d.code === 'VMX207'));
  });

  it('cancellation is not an internal error: the AbortError goes on to the caller', () => {
    const controller = new AbortController();
    controller.abort();
    assert.throws(() => run([simulationStage({ signal: controller.signal })]), { name: 'AbortError' });
  });
});
