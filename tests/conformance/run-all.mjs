// Runs the conformance suite in every runtime (environments.mjs), one process each, and ends
// with the summed "N passed, N failed". A runtime that cannot start counts as a failure.
//   node tests/conformance/run-all.mjs [name-filter…]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { environments, parseCounts } from './environments.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const filters = process.argv.slice(2).map((f) => f.toLowerCase());

export function runEnvironment(env) {
  const r = spawnSync(env.cmd, env.args, {
    cwd: root, encoding: 'utf8', timeout: env.timeout ?? 180_000, maxBuffer: 16 << 20, env: { ...process.env, ...env.env },
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.error) return { output: `${output}\n${env.name}: cannot run ${env.cmd}: ${r.error.message}`, passed: 0, failed: 1 };
  const counts = parseCounts(r.stdout ?? '');
  if (!counts) return { output: `${output}\n${env.name}: no "N passed, N failed" line (exit ${r.status ?? r.signal})`, passed: 0, failed: 1 };
  // A crash after the counts, or a non-zero exit with nothing failed, is still a failure.
  const failed = counts.failed || (r.status === 0 ? 0 : 1);
  return { output, passed: counts.passed, failed };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let passed = 0;
  let failed = 0;
  const summary = [];
  for (const env of environments) {
    if (filters.length && !filters.some((f) => env.name.toLowerCase().includes(f))) continue;
    console.log(`\n=== conformance: ${env.name} ===`);
    const r = runEnvironment(env);
    console.log(r.output.trimEnd());
    passed += r.passed;
    failed += r.failed;
    summary.push(`${env.name}: ${r.passed} passed, ${r.failed} failed`);
  }
  console.log(`\n${summary.join('\n')}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}
