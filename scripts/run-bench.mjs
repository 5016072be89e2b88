// Runs every bench/*.bench.ts (or those matching the arguments), each in its
// own Node process so one benchmark's heap does not skew another's. Each
// prints JSON lines: {"bench": …, "value": …, "unit": …, "target": …}.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const filter = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();
let failed = 0;
for (const f of files) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `bench/${f}`], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`bench/${f} failed with exit ${r.status}`);
  }
}
process.exit(failed ? 1 : 0);
