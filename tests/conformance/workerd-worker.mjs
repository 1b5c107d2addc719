// The worker Miniflare runs in workerd: imports the workerd entry (core.wasm as a CompiledWasm
// module, instantiated synchronously at import time, so importing must not draw random numbers:
// workerd would refuse) and runs the suite inside a request, where randomness is allowed.
import * as cfsign from '../../js/index.workerd.mjs';
import { miniAssert } from './mini-assert.mjs';
import { runConformance } from './suite.mjs';

export default {
  async fetch() {
    const { results } = await runConformance(cfsign, miniAssert);
    return Response.json({ userAgent: navigator.userAgent, results });
  },
};
