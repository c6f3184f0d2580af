/** Optional Prometheus metrics and health endpoints for a Wharf server. */
module dev.wharf.metrics {
    requires transitive dev.wharf.server; // its API takes and gives the server's types
    requires jdk.httpserver;
    requires io.prometheus.metrics.core;
    requires transitive io.prometheus.metrics.model; // registry() hands out its PrometheusRegistry
    requires io.prometheus.metrics.exporter.httpserver;
    requires io.prometheus.metrics.instrumentation.jvm;

    exports dev.wharf.metrics;
}
