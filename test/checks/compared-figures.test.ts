/**
 * A finding that compares two figures prints them so the comparison reads
 * true: rounding once printed "1GiB is beyond 1GiB", "4.0× above the 4×
 * ratio" and "0 B exceeds 0 B".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparedFigures } from '../../core/src/diagnostics/figures';
import { formatBytes } from '../../core/src/schema';
import { check } from '../helpers';

const GiB = 2 ** 30;

test('comparedFigures: the rounded figures when they differ, exact ones when rounding makes them equal', () => {
  assert.deepEqual(comparedFigures(3 * GiB, GiB, formatBytes, ' bytes'), ['3GiB', '1GiB']);
  assert.deepEqual(comparedFigures(GiB + 2 ** 20, GiB, formatBytes, ' bytes'), ['1,074,790,400 bytes', '1,073,741,824 bytes']);
  assert.deepEqual(comparedFigures(0.0167, 0, (v) => `${Math.round(v)} B`, ' bytes'), ['0.0167 bytes', '0 bytes']);
  assert.deepEqual(comparedFigures(4.01, 4, (v) => v.toFixed(1), ''), ['4.01', '4']);
  // Equal values are printed as they are: the caller's comparison decides whether to report.
  assert.deepEqual(comparedFigures(GiB, GiB, formatBytes, ' bytes'), ['1GiB', '1GiB']);
});

/** The two figures `pattern` captures from the one diagnostic of `code`. */
function figures(text: string, code: string, pattern: RegExp): [string, string] {
  const d = check(text).diagnostics.filter((x) => x.code === code);
  assert.equal(d.length, 1, `one ${code}: ${JSON.stringify(check(text).diagnostics.map((x) => x.code))}`);
  const m = pattern.exec(d[0].message);
  assert.ok(m, d[0].message);
  return [m[1], m[2]];
}

test('VMX305: VM memory of 1025 MiB against a 1 GiB host does not read "1GiB is beyond 1GiB"', () => {
  const text = `topology t {
  host h {
    memory = 1GiB
    cpu { cores = 8; features = [vmx] }
    hypervisor kvm {
      vm a { vcpus = 1; memory = 1025MiB }
    }
  }
}
`;
  const [vms, host] = figures(text, 'VMX305', /VM memory .*\((.*)\) is beyond host h's (.*?):/);
  assert.notEqual(vms, host);
  assert.equal(vms, '1,074,790,400 bytes');
});

test('VMX301: 401 vCPUs on 100 CPUs does not read "4.0× overcommitted, above the 4× ratio"', () => {
  const vms = Array.from({ length: 401 }, (_, i) => `      vm v${i} { vcpus = 1; memory = 1MiB }`).join('\n');
  const text = `topology t {\n  host h {\n    memory = 64GiB\n    cpu { cores = 100; features = [vmx] }\n    hypervisor kvm {\n${vms}\n    }\n  }\n}\n`;
  const [overcommit, ratio] = figures(text, 'VMX301', /: (.*)× overcommitted, above the (.*)× ratio/);
  assert.equal(overcommit, '4.01');
  assert.equal(ratio, '4');
});
