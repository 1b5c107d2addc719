// Non-blocking signing for Node servers: a small worker_threads pool, each worker holding its
// own parsed copy of the key (wiped when the pool closes). Node only.
// node:worker_threads and node:os are loaded on the first createSignerPool() call, not at
// import time: an application that never uses the pool does not pay for them at start-up.
import { CfsignError, fail } from './errors.mjs';

// Relative to js/ or to dist/ (the bundled entry dist/cfsign.node.mjs): the same file.
const WORKER_URL = new URL('../js/internal/pool-worker.mjs', import.meta.url);

function defaultThreads({ availableParallelism, cpus }) {
  const n = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  return Math.max(1, Math.min(4, n - 1 || 1));
}

/**
 * createSignerPool({ keyPairId, privateKey, passphrase?, hashAlgorithm?, engine?, threads? })
 * -> { signUrl(url, options), signCookies(options), close() }, all returning promises.
 * The key must be PEM text, DER bytes or a JWK (a KeyObject is exported to PKCS#8 DER).
 */
export async function createSignerPool(options) {
  if (options === null || typeof options !== 'object') fail('INVALID_ARGUMENT', 'createSignerPool needs an options object');
  const [{ Worker }, os] = await Promise.all([import('node:worker_threads'), import('node:os')]);
  const threads = options.threads ?? defaultThreads(os);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) fail('INVALID_ARGUMENT', 'threads must be an integer from 1 to 64');
  let privateKey = options.privateKey;
  if (privateKey && typeof privateKey === 'object' && typeof privateKey.export === 'function') {
    privateKey = new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }));
  }
  const init = { keyPairId: options.keyPairId, privateKey, passphrase: options.passphrase, hashAlgorithm: options.hashAlgorithm, engine: options.engine };

  const workers = [];
  const queue = [];
  let nextId = 1;
  let closed = false;

  function dispatch() {
    for (const w of workers) {
      if (queue.length === 0) return;
      if (w.busy) continue;
      const job = queue.shift();
      w.busy = true;
      w.job = job;
      w.worker.postMessage({ id: job.id, op: job.op, args: job.args });
    }
  }

  function onMessage(w, msg) {
    const job = w.job;
    w.busy = false;
    w.job = null;
    if (job) {
      if (msg.ok) job.resolve(msg.value);
      else job.reject(new CfsignError(msg.code, msg.message));
    }
    dispatch();
  }

  const started = [];
  for (let i = 0; i < threads; i++) {
    const worker = new Worker(WORKER_URL, { workerData: init });
    const w = { worker, busy: false, job: null };
    started.push(new Promise((resolve, reject) => {
      worker.once('message', (msg) => {
        if (msg.ready) {
          worker.on('message', (m) => onMessage(w, m));
          resolve();
        } else {
          reject(new CfsignError(msg.code, msg.message));
        }
      });
      worker.once('error', reject);
    }));
    worker.on('error', (error) => {
      if (w.job) w.job.reject(error);
      w.job = null;
    });
    workers.push(w);
  }
  // The key copies live in the workers; drop our reference to the text.
  init.privateKey = undefined;
  try {
    await Promise.all(started);
  } catch (error) {
    await Promise.all(workers.map((w) => w.worker.terminate()));
    throw error;
  }

  function submit(op, args) {
    if (closed) return Promise.reject(new CfsignError('SIGNER_DISPOSED', 'this signer pool has been closed'));
    return new Promise((resolve, reject) => {
      queue.push({ id: nextId++, op, args, resolve, reject });
      dispatch();
    });
  }

  return {
    threads,
    signUrl: (url, opts) => submit('signUrl', [url, opts]),
    signUrlDetailed: (url, opts) => submit('signUrlDetailed', [url, opts]),
    signCookies: (opts) => submit('signCookies', [opts]),
    /** Waits for queued jobs, wipes the keys in every worker and stops them. */
    async close() {
      if (closed) return;
      closed = true;
      while (queue.length > 0 || workers.some((w) => w.busy)) await new Promise((r) => setTimeout(r, 5));
      await Promise.all(workers.map((w) => new Promise((resolve) => {
        w.worker.once('exit', resolve);
        w.worker.postMessage({ op: 'close' });
      })));
    },
  };
}
