import type { Metric, Registry } from "prom-client";

/** Options of {@link registerHttpRequestMetrics}. */
export interface HttpRequestMetricsOptions {
  readonly registry: Registry;
  /** Upper bounds of the duration histogram's buckets, in seconds, ascending. */
  readonly buckets: readonly number[];
}

/** One method/route's durations: what a prom-client histogram child holds. */
interface Durations {
  readonly labels: { readonly method: string; readonly route: string };
  /** Observations per bucket (not cumulative), by bucket index. */
  readonly inBucket: number[];
  sum: number;
  count: number;
  /** This method/route's request counts by status (each also in the counter's list). */
  readonly statuses: Map<number, { readonly labels: Record<string, string>; value: number }>;
}

const COUNT_NAME = "openstack_broker_http_requests_total";
const SECONDS_NAME = "openstack_broker_http_request_duration_seconds";

/**
 * `openstack_broker_http_requests_total{method,route,status}` and
 * `openstack_broker_http_request_duration_seconds{method,route}` (docs/deploy.md), counted in plain
 * numbers per request and turned into prom-client's values only when the registry is read: prom-client's
 * own `inc({labels})` / `observe({labels})` hashed and validated the label object on every request
 * (a bound child does too). MUST render exactly what prom-client's Counter and Histogram render for
 * the same requests (http-request-metrics.test.ts compares them). Returns the per-request recorder.
 */
export function registerHttpRequestMetrics(
  options: HttpRequestMetricsOptions,
): (method: string, route: string, status: number, seconds: number) => void {
  const bounds = [...options.buckets];
  const counts: { readonly labels: Record<string, string>; value: number }[] = [];
  const durations = new Map<string, Durations>();

  const counter = {
    name: COUNT_NAME,
    help: "HTTP requests, by method, route pattern and status",
    type: "counter",
    aggregator: "sum",
    get: async () => ({
      name: COUNT_NAME,
      help: counter.help,
      type: "counter",
      aggregator: "sum",
      values: counts.map(({ labels, value }) => ({ labels, value })),
    }),
  };
  // prom-client's histogram export: per label set the cumulative buckets, +Inf, _sum and _count.
  const histogramValues = () =>
    [...durations.values()].flatMap((d) => {
      let cumulative = 0;
      const buckets = bounds.map((le, i) => {
        cumulative += d.inBucket[i];
        return { labels: { le, ...d.labels }, value: cumulative, metricName: `${SECONDS_NAME}_bucket`, exemplar: null };
      });
      return [
        ...buckets,
        { labels: { le: "+Inf", ...d.labels }, value: d.count, metricName: `${SECONDS_NAME}_bucket`, exemplar: null },
        { labels: { ...d.labels }, value: d.sum, metricName: `${SECONDS_NAME}_sum` },
        { labels: { ...d.labels }, value: d.count, metricName: `${SECONDS_NAME}_count` },
      ];
    });
  const histogram = {
    name: SECONDS_NAME,
    help: "HTTP request duration, by method and route pattern",
    type: "histogram",
    aggregator: "sum",
    get: async () => ({
      name: SECONDS_NAME,
      help: histogram.help,
      type: "histogram",
      aggregator: "sum",
      values: histogramValues(),
    }),
  };
  // The registry reads a metric through `name`, `type` and `get()` only (prom-client's Registry).
  options.registry.registerMetric(counter as unknown as Metric);
  options.registry.registerMetric(histogram as unknown as Metric);

  const lastBound = bounds.length - 1;
  return (method, route, status, seconds) => {
    const key = `${method} ${route}`;
    let d = durations.get(key);
    if (d === undefined) {
      d = { labels: { method, route }, inBucket: bounds.map(() => 0), sum: 0, count: 0, statuses: new Map() };
      durations.set(key, d);
    }
    const count = d.statuses.get(status);
    if (count !== undefined) count.value += 1;
    else {
      const created = { labels: { method, route, status: String(status) }, value: 1 };
      d.statuses.set(status, created);
      counts.push(created); // MUST keep first-seen order across routes: prom-client renders in that order
    }
    // As prom-client: the first bound at or above the value; above them all counts in +Inf only.
    let b = 0;
    while (b <= lastBound && !(seconds <= bounds[b])) b++;
    if (b <= lastBound) d.inBucket[b] += 1;
    d.sum += seconds;
    d.count += 1;
  };
}
