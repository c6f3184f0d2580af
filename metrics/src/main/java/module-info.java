/** Optional Prometheus metrics and health endpoints for a Wharf server. */
module dev.wharf.metrics {
    requires dev.wharf.server;
    requires jdk.httpserver;
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.metrics.exporter.httpserver;
    requires io.prometheus.metrics.instrumentation.jvm;

    exports dev.wharf.metrics;
}
