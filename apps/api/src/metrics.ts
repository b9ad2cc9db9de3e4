import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RpfStore } from './rpf-store';

/**
 * Prometheus metrics: requests and their latency per route (the route pattern, never the raw
 * URL, so an id in a path cannot explode the label set), what was margined, the RPF versions,
 * and Node's process metrics. One registry per server, so several servers in one process (tests)
 * do not share counters.
 */
export interface Metrics {
  readonly registry: Registry;
  readonly accounts: Counter<'endpoint'>;
  readonly positions: Counter<'endpoint'>;
}

export function registerMetrics(app: FastifyInstance, store: () => RpfStore | undefined): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the request to the response being sent',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const accounts = new Counter({ name: 'marginkit_accounts_margined_total', help: 'Accounts margined', labelNames: ['endpoint'], registers: [registry] });
  const positions = new Counter({ name: 'marginkit_positions_margined_total', help: 'Positions margined', labelNames: ['endpoint'], registers: [registry] });
  new Gauge({
    name: 'marginkit_rpf_versions',
    help: 'RPF versions kept',
    registers: [registry],
    collect() {
      this.set(store()?.list().length ?? 0);
    },
  });
  new Gauge({
    name: 'marginkit_rpf_active_info',
    help: 'The active RPF version (value 1)',
    labelNames: ['id', 'kind', 'business_date', 'business_time'],
    registers: [registry],
    collect() {
      this.reset();
      const active = store()?.active.info;
      if (active !== undefined) {
        this.set({ id: active.id, kind: active.kind, business_date: active.businessDate, business_time: active.businessTime }, 1);
      }
    },
  });

  app.addHook('onResponse', (request, reply, done) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
  return { registry, accounts, positions };
}
