// Bundled (with esbuild, by run-edge.mjs) into one script for EdgeVM: the edge entry, whose
// `../dist/core.wasm?module` import becomes the precompiled module the host passes in.
import * as cfsign from '../../js/index.edge.mjs';
import { miniAssert } from './mini-assert.mjs';
import { runConformance } from './suite.mjs';

globalThis.__conformance = runConformance(cfsign, miniAssert).then(({ results }) => JSON.stringify(results));
