// Runs every test suite, prints each suite's counts, and ends with one line
// "N passed, N failed" summed over all suites. Exit code 0 only if nothing failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { environments } from '../tests/conformance/environments.mjs';
import { runEnvironment } from '../tests/conformance/run-all.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
mkdirSync(`${root}/build/reports`, { recursive: true });

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

const suites = [
  {
    name: 'C++ (ctest)',
    run() {
      const junit = `${root}/build/reports/ctest.xml`;
      rmSync(junit, { force: true });
      const status = run('ctest', ['--test-dir', 'build/native', '--output-on-failure', '--output-junit', junit]);
      try {
        const xml = readFileSync(junit, 'utf8');
        const tests = Number(/<testsuite[^>]*\btests="(\d+)"/.exec(xml)?.[1] ?? 0);
        const failures = Number(/<testsuite[^>]*\bfailures="(\d+)"/.exec(xml)?.[1] ?? 0);
        const skipped = Number(/<testsuite[^>]*\bskipped="(\d+)"/.exec(xml)?.[1] ?? 0);
        return { passed: tests - failures - skipped, failed: failures || (status !== 0 && tests === 0 ? 1 : 0) };
      } catch {
        return { passed: 0, failed: 1 };
      }
    },
  },
  {
    name: 'JavaScript (Jest)',
    run() {
      const out = `${root}/build/reports/jest.json`;
      rmSync(out, { force: true });
      // Jest runs on this very Node (not whatever `node` a PATH lookup finds).
      const status = run(process.execPath, ['node_modules/jest/bin/jest.js', '--json', `--outputFile=${out}`],
        { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings=ExperimentalWarning`.trim() });
      try {
        const report = JSON.parse(readFileSync(out, 'utf8'));
        const suiteErrors = report.numRuntimeErrorTestSuites ?? 0;
        return { passed: report.numPassedTests, failed: report.numFailedTests + suiteErrors };
      } catch {
        return { passed: 0, failed: status === 0 ? 0 : 1 };
      }
    },
  },
];

// The RSA kernel must use i64x2.extmul_low_i32x4_u, never i64x2.mul (clang 14 rewrites the
// intrinsic, and V8 lowers i64x2.mul to ~8 instructions: 10x slower).
suites.push({
  name: 'WebAssembly kernel instructions (no i64x2.mul)',
  run() {
    const status = run('bash', ['scripts/check-wasm-simd.sh', 'dist/core.wasm']);
    return { passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1 };
  },
});

// The kernel, key and signer tests again under ASan + UBSan (build/sanitize, g++ -O1): counts
// from scripts/sanitize.sh's last line "sanitize: N passed, N failed".
suites.push({
  name: 'Sanitizers (ASan + UBSan: RSA/P-256 kernels, keys, signer)',
  run() {
    const r = spawnSync('bash', ['scripts/sanitize.sh'], { cwd: root, encoding: 'utf8', env: process.env });
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    const m = /^sanitize: (\d+) passed, (\d+) failed$/m.exec(r.stdout ?? '');
    if (!m) return { passed: 0, failed: 1 };
    const passed = Number(m[1]);
    const failed = Number(m[2]);
    return { passed, failed: failed || (r.status !== 0 ? 1 : 0) };
  },
});

// .ci/run fuzzes every libFuzzer target briefly (ASan + UBSan): one pass or failure per target.
if (process.env.CFSIGN_CI_FUZZ_SECONDS) {
  suites.push({
    name: `Fuzz (${process.env.CFSIGN_CI_FUZZ_SECONDS} s per target, ASan + UBSan)`,
    run() {
      const r = spawnSync('bash', ['scripts/fuzz.sh', process.env.CFSIGN_CI_FUZZ_SECONDS], {
        cwd: root, encoding: 'utf8', env: { CFSIGN_FUZZ_JOBS: '2', ...process.env },
      });
      process.stdout.write(r.stdout ?? '');
      process.stderr.write(r.stderr ?? '');
      const ok = (r.stdout.match(/^\[fuzz\] \w+: ok/gm) ?? []).length;
      const bad = (r.stdout.match(/^\[fuzz\] \w+: FAILED/gm) ?? []).length;
      return { passed: ok, failed: bad || (r.status !== 0 ? 1 : 0) };
    },
  });
}

// The conformance suite once per runtime (tests/conformance/), then the packaging checks
// (tests/package/run.mjs). Each prints its own "N passed, N failed"; a runtime that cannot be
// started counts as a failure.
for (const env of environments) {
  suites.push({ name: `Conformance: ${env.name}`, run() { return echo(runEnvironment(env)); } });
}
suites.push({
  name: 'Package (npm pack, consumers, publint, attw, tsc, size, freshness)',
  run() {
    return echo(runEnvironment({ name: 'Package', cmd: process.execPath, args: ['tests/package/run.mjs'], timeout: 300_000 }));
  },
});

function echo(result) {
  console.log(result.output.trimEnd());
  return { passed: result.passed, failed: result.failed };
}

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const lines = [];
for (const suite of suites) {
  if (only.length && !only.some((o) => suite.name.toLowerCase().includes(o.toLowerCase()))) continue;
  console.log(`\n=== ${suite.name} ===`);
  const r = suite.run();
  passed += r.passed;
  failed += r.failed;
  lines.push(`${suite.name}: ${r.passed} passed, ${r.failed} failed`);
}
console.log('\n' + lines.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
