import type { MiddlewareHandler } from 'hono';

/** Request counts by status class, database statements, and process memory, in the Prometheus text format. */
export function createMetrics(queryCount: () => number = () => 0) {
  const byClass = new Map<string, number>();
  let inFlight = 0;
  const middleware: MiddlewareHandler = async (c, next) => {
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
      const cls = `${Math.floor(c.res.status / 100)}xx`;
      byClass.set(cls, (byClass.get(cls) ?? 0) + 1);
    }
  };
  const render = (): string => {
    const m = process.memoryUsage();
    const lines = [
      '# TYPE tisserin_http_requests_total counter',
      ...[...byClass].map(([cls, n]) => `tisserin_http_requests_total{status="${cls}"} ${n}`),
      '# TYPE tisserin_http_requests_in_flight gauge',
      `tisserin_http_requests_in_flight ${inFlight}`,
      '# TYPE tisserin_db_queries_total counter',
      `tisserin_db_queries_total ${queryCount()}`,
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${m.rss}`,
      '# TYPE nodejs_heap_used_bytes gauge',
      `nodejs_heap_used_bytes ${m.heapUsed}`,
      '# TYPE nodejs_heap_total_bytes gauge',
      `nodejs_heap_total_bytes ${m.heapTotal}`,
      '# TYPE nodejs_external_memory_bytes gauge',
      `nodejs_external_memory_bytes ${m.external}`,
      '# TYPE nodejs_array_buffers_bytes gauge',
      `nodejs_array_buffers_bytes ${m.arrayBuffers}`,
      '# TYPE process_uptime_seconds gauge',
      `process_uptime_seconds ${Math.round(process.uptime())}`,
    ];
    return `${lines.join('\n')}\n`;
  };
  return { middleware, render };
}
