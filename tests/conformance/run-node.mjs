// Conformance adapter for Node.js, Deno and Bun: imports the Node entry as the package ships it
// (dist/cfsign.node.mjs, the bundle of js/index.node.mjs: bytes from disk, synchronous start)
// and runs the suite with node:assert/strict. Run it with the runtime to
// test: `node`, `node_modules/node18/bin/node`, `deno run --allow-read`, `bun`.
import assert from 'node:assert/strict';
import * as cfsign from '../../dist/cfsign.node.mjs';
import { report, runConformance } from './suite.mjs';

const runtime = typeof Deno !== 'undefined' ? `Deno ${Deno.version.deno}`
  : typeof Bun !== 'undefined' ? `Bun ${Bun.version}`
    : `Node ${process.version}`;
const { results } = await runConformance(cfsign, assert, { nodeEngine: true });
// Make sure the runner really started the Node version it meant to test.
const expectNode = typeof Deno === 'undefined' && typeof Bun === 'undefined' ? process.env.CFSIGN_EXPECT_NODE : undefined;
if (expectNode) {
  const major = process.versions.node.split('.')[0];
  results.unshift({ name: `runtime is Node ${expectNode} (got ${process.version})`, ok: major === expectNode, error: `expected Node ${expectNode}` });
}
console.log(report(`${runtime} (dist/cfsign.node.mjs)`, results));
if (results.some((r) => !r.ok)) process.exitCode = 1;
