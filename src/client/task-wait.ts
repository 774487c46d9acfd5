// Waiting for a VCD task (`GET /api/task/{id}`, legacy XML): VCD answers long operations such as deleting a
// service account with 202 and the task in `Location`, and the operation is done only when the task says so.
import type { ClientInternals } from './client-internals';
import { errorFromResponse } from './error-mapping';
import { VcdError } from './errors';
import { type HttpResponse, header } from './http-response';
import type { Operation } from './operation';
import { badResponse, isSuccess } from './response-parsing';
import { abortableSleep } from './retry-policy';
import type { BearerSession } from './types';

/** Task states VCD reports in `Task/@status`. */
const RUNNING = new Set(['queued', 'preRunning', 'running']);
const FAILED = new Set(['error', 'aborted', 'canceled']);

export interface TaskWaitOptions {
  /** Wait between polls. @default 1000 */
  readonly pollMs?: number;
  /** Replaces the timer between polls (tests). @default an abortable setTimeout */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The task path of a 202 answer: its `Location`, only on the client's own origin (the bearer never leaves). */
export function taskPathOf(res: HttpResponse, internals: ClientInternals, description: string): string {
  const location = header(res, 'location');
  if (!location) throw badResponse(res, description, 'VCD answered 202 without a task Location');
  let url: URL;
  try {
    url = new URL(location, internals.endpoint.origin);
  } catch {
    throw badResponse(res, description, 'the task Location is not a URL');
  }
  if (url.origin !== internals.endpoint.origin || !/\/api\/task\/[A-Za-z0-9-]+$/.test(url.pathname)) {
    throw badResponse(res, description, 'the task Location is not a task of this VCD');
  }
  return url.pathname;
}

/** Polls the task until it succeeds (returns its id) or fails (`VCD_TASK_FAILED`); bounded by the operation's deadline. */
export async function waitForTask(internals: ClientInternals, session: BearerSession, taskPath: string, op: Operation, description: string, options: TaskWaitOptions = {}): Promise<string> {
  const sleep = options.sleep ?? abortableSleep;
  const taskId = taskPath.slice(taskPath.lastIndexOf('/') + 1);
  for (;;) {
    const { apiVersion } = await internals.negotiate(op);
    const res = await internals.bearerRequest(session, { method: 'GET', path: taskPath }, op, `application/*+xml;version=${apiVersion}`);
    if (!isSuccess(res)) throw errorFromResponse(res, { operation: 'task', description: `${description}: reading task ${taskId}` });
    const status = /<(?:[\w-]+:)?Task\b[^>]*\bstatus="([^"]+)"/.exec(res.body)?.[1];
    if (status === 'success') return taskId;
    if (status !== undefined && FAILED.has(status)) {
      const message = /<(?:[\w-]+:)?Error\b[^>]*\bmessage="([^"]*)"/.exec(res.body)?.[1];
      throw new VcdError('VCD_TASK_FAILED', `${description}: VCD task ${taskId} ended with status "${status}"${message ? ` (VCD says: ${message.slice(0, 300)})` : ''}.`, {
        status: res.status,
        method: 'GET',
        path: res.path,
        details: { taskId, taskStatus: status },
      });
    }
    if (status === undefined || !RUNNING.has(status)) throw badResponse(res, `${description}: reading task ${taskId}`, 'the answer is not a VCD Task');
    try {
      await sleep(options.pollMs ?? 1000, op.signal);
    } catch {
      throw op.abortError('GET', taskPath);
    }
  }
}
