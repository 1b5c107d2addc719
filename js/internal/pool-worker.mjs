// A worker of createSignerPool: one signer, jobs from the parent, results back.
import { parentPort, workerData } from 'node:worker_threads';
import { createSigner } from '../index.node.mjs';

let signer;
try {
  signer = createSigner(workerData);
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, code: error.code ?? 'INTERNAL', message: error.message });
}

parentPort.on('message', (msg) => {
  if (msg.op === 'close') {
    signer?.dispose();
    parentPort.close();
    return;
  }
  try {
    const value = signer[msg.op](...msg.args);
    parentPort.postMessage({ id: msg.id, ok: true, value });
  } catch (error) {
    parentPort.postMessage({ id: msg.id, ok: false, code: error.code ?? 'INTERNAL', message: error.message });
  }
});
