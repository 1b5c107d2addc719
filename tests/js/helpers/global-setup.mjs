// Jest global setup: rebuild dist/cfsign.node.mjs (what 'cfsign' resolves to in Node) from js/,
// so a test run after editing js/ never tests a stale bundle. Takes a few tens of milliseconds.
import { bundle } from '../../../scripts/bundle.mjs';

export default async function globalSetup() {
  await bundle();
}
