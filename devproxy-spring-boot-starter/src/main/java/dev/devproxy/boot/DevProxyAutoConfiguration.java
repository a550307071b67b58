package dev.devproxy.boot;

import dev.devproxy.DevProxy;
import dev.devproxy.DevProxyListener;
import dev.devproxy.spi.LaunchAuthorizer;
import dev.devproxy.spi.ReplayStore;
import dev.devproxy.spi.RevocationStore;
import dev.devproxy.spi.TargetResolver;
import dev.devproxy.spi.TokenIssuer;
import dev.devproxy.spi.TokenVerifier;
import dev.devproxy.token.JwtTokens;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Installs devproxy into a Spring Boot web application's embedded Tomcat or Jetty.
 *
 * <p>The {@link DevProxy} bean is built from the {@code devproxy.*} properties ({@link DevProxyProperties}) and the
 * application's beans: a {@link TargetResolver} (required), a {@link LaunchAuthorizer} (without one devproxy serves
 * no token endpoint), and optionally a {@code JwtTokens} (or {@link TokenVerifier} and {@link TokenIssuer}) instead
 * of {@code devproxy.keys.*}, a {@link ReplayStore}, a {@link RevocationStore}, {@link DevProxyListener}s and
 * {@link DevProxyCustomizer}s. An application that defines its own {@code DevProxy} bean gets that one installed.
 *
 * <p>It is installed through devproxy's adapters, {@code TomcatDevProxy} and {@code JettyEe11DevProxy}, when the
 * embedded server is created: with host routing, the workspace-host filter runs first, before every filter of the
 * application (Spring Security's among them), so on a workspace's own host no filter or controller of the
 * application runs; the token endpoint and the bootstrap route run after the application's filters, which can
 * protect them. Off with {@code devproxy.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DevProxy.class)
@ConditionalOnProperty(prefix = "devproxy", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(DevProxyProperties.class)
@Import({EmbeddedServerInstallation.Tomcat.class, EmbeddedServerInstallation.Jetty.class, SecretsSanitizing.class})
public final class DevProxyAutoConfiguration {
    /** Created by Spring; not for applications. */
    public DevProxyAutoConfiguration() {
    }

    /**
     * The proxy, built from the properties and the application's beans.
     *
     * @return the proxy; the embedded server closes it when it stops
     */
    @Bean
    @ConditionalOnMissingBean
    public DevProxy devProxy(DevProxyProperties properties, ObjectProvider<TargetResolver> resolver,
            ObjectProvider<LaunchAuthorizer> launchAuthorizer, ObjectProvider<JwtTokens> tokens,
            ObjectProvider<TokenVerifier> tokenVerifier, ObjectProvider<TokenIssuer> tokenIssuer,
            ObjectProvider<ReplayStore> replayStore, ObjectProvider<RevocationStore> revocationStore,
            ObjectProvider<DevProxyListener> listeners, ObjectProvider<DevProxyCustomizer> customizers) {
        JwtTokens jwtTokens = tokens.getIfUnique();
        return new DevProxyFactory(properties).create(new DevProxyFactory.Beans(
                resolver.getIfUnique(),
                launchAuthorizer.getIfUnique(),
                jwtTokens,
                jwtTokens == null ? tokenVerifier.getIfUnique() : null,
                jwtTokens == null ? tokenIssuer.getIfUnique() : null,
                replayStore.getIfUnique(),
                revocationStore.getIfUnique(),
                listeners.orderedStream().toList(),
                customizers.orderedStream().toList()));
    }
}
