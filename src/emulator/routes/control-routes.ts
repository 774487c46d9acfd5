import { emptyResponse, jsonResponse } from '../http/http-response';
import { fail } from '../http/guards';
import type { Router } from '../http/router';
import { FaultRuleError } from '../faults/fault-types';
import { validateFaultRule } from '../faults/fault-injector';
import type { EmulatorRuntime } from '../server/emulator-runtime';

/** Statistics served by `GET /__emulator/stats`. */
export interface EmulatorStats {
  readonly requests: { readonly total: number; readonly byStatus: Record<string, number> };
  readonly memoryUsage: NodeJS.MemoryUsage;
  /** CPU time of the emulator process since start, µs (load-independent cost per request). */
  readonly cpuUsage: NodeJS.CpuUsage;
  readonly sessions: number;
  readonly tokens: number;
  readonly faults: number;
  readonly uptimeMs: number;
}

export function collectStats(runtime: EmulatorRuntime): EmulatorStats {
  return {
    requests: { total: runtime.requestLog.totalRequests, byStatus: runtime.requestLog.countsByStatus() },
    memoryUsage: process.memoryUsage(),
    cpuUsage: process.cpuUsage(),
    sessions: runtime.sessions.size,
    tokens: runtime.world.tokens.size,
    faults: runtime.faults.list().length,
    uptimeMs: Date.now() - runtime.startedAt,
  };
}

/**
 * Test-control endpoints under `/__emulator/` (not part of VCD; loopback only; never faulted):
 * stats, fault rules, the redacted request log and secret sightings (for tests driving a child process).
 */
export function registerControlRoutes(router: Router, runtime: EmulatorRuntime): void {
  const { faults, requestLog } = runtime;
  router.add('GET', '/__emulator/stats', (ctx) => {
    // `?gc=1` (when node runs with --expose-gc) collects garbage first, so memory figures show what is retained.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (ctx.url.searchParams.get('gc') === '1' && gc) gc();
    return jsonResponse(200, collectStats(runtime));
  });
  router.add('GET', '/__emulator/faults', () =>
    jsonResponse(200, faults.list().map((r) => ({ ...r, path: r.path instanceof RegExp ? { regex: r.path.source } : r.path }))),
  );
  router.add('POST', '/__emulator/faults', async (ctx) => {
    const body = await ctx.jsonBody<unknown>();
    const inputs = Array.isArray(body) ? body : [body];
    try {
      const validated = inputs.map((input, i) => validateFaultRule(input, `fault rule [${i}]`));
      const ids = validated.map((rule) => faults.add(rule).id);
      return jsonResponse(201, { ids });
    } catch (err) {
      if (err instanceof FaultRuleError) fail(ctx, 400, 'BAD_REQUEST', err.message);
      throw err;
    }
  });
  router.add('DELETE', '/__emulator/faults', () => {
    faults.clear();
    return emptyResponse(204);
  });
  router.add('DELETE', '/__emulator/faults/{id}', (ctx) => {
    if (!faults.remove(ctx.params.id)) fail(ctx, 404, 'NOT_FOUND', `No fault rule ${ctx.params.id}`);
    return emptyResponse(204);
  });
  router.add('GET', '/__emulator/requests', () =>
    jsonResponse(200, { entries: requestLog.entries(), leaks: requestLog.leaks() }),
  );
  // The secret travels in a POST body, which the log never keeps.
  router.add('POST', '/__emulator/secret-seen', async (ctx) => {
    const body = await ctx.jsonBody<{ secret?: unknown }>();
    if (!body || typeof body.secret !== 'string' || body.secret === '') {
      fail(ctx, 400, 'BAD_REQUEST', 'Expected {"secret": "<value>"}');
    }
    return jsonResponse(200, requestLog.secretSeen(body.secret));
  });
}
