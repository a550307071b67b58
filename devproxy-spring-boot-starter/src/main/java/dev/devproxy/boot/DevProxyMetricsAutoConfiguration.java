package dev.devproxy.boot;

import dev.devproxy.micrometer.DevProxyMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Records devproxy's events as Micrometer meters ({@link DevProxyMetrics}) when the application has a
 * {@link MeterRegistry} (with Spring Boot Actuator, for instance). The {@code DevProxyMetrics} bean is a
 * {@code DevProxyListener}, which the {@code DevProxy} bean picks up with the application's own. Off with
 * {@code devproxy.metrics.enabled=false}; {@code devproxy.metrics.workspace-tag=true} adds a workspace tag.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"},
        beforeName = "dev.devproxy.boot.DevProxyAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, DevProxyMetrics.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = "devproxy", name = {"enabled", "metrics.enabled"}, matchIfMissing = true)
@EnableConfigurationProperties(DevProxyProperties.class)
public final class DevProxyMetricsAutoConfiguration {
    /** Created by Spring; not for applications. */
    public DevProxyMetricsAutoConfiguration() {
    }

    /**
     * devproxy's meters in the application's registry.
     *
     * @return the listener that records them
     */
    @Bean
    @ConditionalOnMissingBean
    public DevProxyMetrics devProxyMetrics(MeterRegistry registry, DevProxyProperties properties) {
        return DevProxyMetrics.builder(registry).workspaceTag(properties.getMetrics().isWorkspaceTag()).build();
    }
}
