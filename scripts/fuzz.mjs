// `npm run fuzz`: the fuzz properties of test/fuzz/ at a larger scale, for
// humans. Prints the seed first (replay a failure with --seed), runs each
// fuzz file in its own process under a watchdog (a hang is a failure too,
// reported with the seed), and prints the inputs run and the time taken.
//
//   npm run fuzz                       # scale 10: about 1,000,000 inputs
//   npm run fuzz -- --scale 50         # longer
//   npm run fuzz -- --seed 12345       # replay
//   npm run fuzz -- --filter mutations # one file
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '10' },
    seed: { type: 'string' },
    filter: { type: 'string' },
    'timeout-minutes': { type: 'string', default: '120' },
  },
});
const scale = Number(values.scale);
const seed = values.seed !== undefined ? Number(values.seed) : (Math.random() * 2 ** 31) | 0;
if (!(scale > 0) || !Number.isInteger(seed)) {
  console.error('fuzz: --scale must be a positive number and --seed an integer');
  process.exit(2);
}
// Inputs per file at scale 1 (the CI batch), to report totals.
// lsp.test.ts: 60 sessions of 20–80 edits and requests each, against the real server; it prints its own summary line.
const CI_INPUTS = { 'tokens.test.ts': 85000, 'mutations.test.ts': 10000, 'valid.test.ts': 7000, 'format.test.ts': 6000, 'rename.test.ts': 2500, 'imports.test.ts': 13, 'lsp.test.ts': 60 };

const files = readdirSync('test/fuzz')
  .filter((f) => f.endsWith('.test.ts') && (!values.filter || f.includes(values.filter)))
  .sort();
console.log(`fuzz: seed ${seed}, scale ${scale}, files ${files.join(', ')}`);

const started = Date.now();
let failed = false;
let inputs = 0;
for (const f of files) {
  const t0 = Date.now();
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', join('test/fuzz', f)], {
      stdio: 'inherit',
      env: { ...process.env, VMX_FUZZ_SCALE: String(scale), VMX_FUZZ_SEED: String(seed) },
    });
    const watchdog = setTimeout(() => {
      console.error(`fuzz: ${f} still running after ${values['timeout-minutes']} min: a hang. Replay with --seed ${seed} --filter ${f}`);
      child.kill('SIGKILL');
    }, Number(values['timeout-minutes']) * 60_000);
    child.on('exit', (c, signal) => {
      clearTimeout(watchdog);
      resolve(signal ? 1 : c ?? 1);
    });
  });
  const n = Math.round((CI_INPUTS[f] ?? 0) * scale);
  inputs += n;
  console.log(`fuzz: ${f}: ${code === 0 ? 'ok' : 'FAILED'}, ~${n.toLocaleString('en-US')} inputs in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (code !== 0) failed = true;
}
console.log(`fuzz: ${failed ? 'FAILED' : 'ok'}: ~${inputs.toLocaleString('en-US')} inputs in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${seed}${failed ? ` (replay: npm run fuzz -- --seed ${seed} --scale ${scale})` : ''}`);
process.exit(failed ? 1 : 0);
