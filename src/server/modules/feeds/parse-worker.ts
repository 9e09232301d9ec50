import { parentPort } from 'node:worker_threads';
import { readFeedInThread, serialiseError, type FeedReadJob, type FromWorker, type ToWorker } from './feed-reader.ts';

/**
 * The feed parse worker (started by FeedReaderWorker): reads the files it is given one after another and posts their
 * batches, never more than the importer's credit ahead of it. A cancelled job stops reading at once.
 */

const port = parentPort;
if (!port) throw new Error('parse-worker.ts runs as a worker thread');

interface Job {
  id: number;
  job: FeedReadJob;
  credit: number;
  cancelled: boolean;
  wake: (() => void) | null;
}

const queue: Job[] = [];
const jobs = new Map<number, Job>();
let running = false;

function post(m: FromWorker): void {
  port!.postMessage(m);
}

function wake(j: Job): void {
  const w = j.wake;
  j.wake = null;
  w?.();
}

async function run(j: Job): Promise<void> {
  const read = readFeedInThread(j.job, (bytes) => post({ t: 'bytes', id: j.id, bytes }));
  const it = read.batches[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (j.cancelled) {
        await it.return?.();
        return;
      }
      const next = await it.next();
      if (next.done) break;
      while (j.credit === 0 && !j.cancelled) await new Promise<void>((resolve) => (j.wake = resolve));
      if (j.cancelled) {
        await it.return?.();
        return;
      }
      j.credit--;
      post({ t: 'batch', id: j.id, batch: next.value, meta: { ...read.meta() } });
    }
    post({ t: 'end', id: j.id, result: read.result() });
  } catch (e) {
    if (!j.cancelled) post({ t: 'error', id: j.id, error: serialiseError(e) });
  }
}

async function pump(): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (let j = queue.shift(); j; j = queue.shift()) {
      await run(j);
      jobs.delete(j.id);
    }
  } finally {
    running = false;
  }
}

port.on('message', (m: ToWorker) => {
  if (m.t === 'start') {
    const j: Job = { id: m.id, job: m.job, credit: m.credit, cancelled: false, wake: null };
    jobs.set(j.id, j);
    queue.push(j);
    void pump();
    return;
  }
  const j = jobs.get(m.id);
  if (!j) return;
  if (m.t === 'credit') j.credit++;
  else j.cancelled = true;
  wake(j);
});

post({ t: 'ready' });
