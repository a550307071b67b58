package dev.devproxy.boot;

import dev.devproxy.CookieSettings;
import dev.devproxy.DevProxy;
import dev.devproxy.DevProxyListener;
import dev.devproxy.Limits;
import dev.devproxy.Routing;
import dev.devproxy.spi.LaunchAuthorizer;
import dev.devproxy.spi.ReplayStore;
import dev.devproxy.spi.RevocationStore;
import dev.devproxy.spi.TargetResolver;
import dev.devproxy.spi.TokenIssuer;
import dev.devproxy.spi.TokenVerifier;
import dev.devproxy.token.JwtTokens;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds the {@link DevProxy} from the {@code devproxy.*} properties and the application's beans. Every value goes
 * through devproxy's own builder, which validates it; a refusal becomes a {@link DevProxyConfigurationException}
 * that names the property.
 */
final class DevProxyFactory {
    private static final String HMAC_SECRET = "devproxy.keys.hmac-secret";

    /** The application's beans that devproxy uses; all but the resolver may be null. */
    record Beans(TargetResolver resolver, LaunchAuthorizer launchAuthorizer, JwtTokens tokens,
            TokenVerifier tokenVerifier, TokenIssuer tokenIssuer, ReplayStore replayStore,
            RevocationStore revocationStore, List<DevProxyListener> listeners, List<DevProxyCustomizer> customizers) {
    }

    private final DevProxyProperties properties;

    DevProxyFactory(DevProxyProperties properties) {
        this.properties = properties;
    }

    DevProxy create(Beans beans) {
        if (beans.resolver() == null) {
            throw DevProxyConfigurationException.missingBean(TargetResolver.class,
                    "devproxy asks it which container serves a workspace, for every request; it has no default");
        }
        DevProxy.Builder builder = DevProxy.builder().resolver(beans.resolver());
        builder.routing(routing(properties.getRouting()));
        keys(builder, beans);
        if (beans.launchAuthorizer() != null) {
            builder.launchAuthorizer(beans.launchAuthorizer());
        }
        if (beans.replayStore() != null) {
            builder.replayStore(beans.replayStore());
        }
        if (beans.revocationStore() != null) {
            builder.revocationStore(beans.revocationStore());
        }
        if (!beans.listeners().isEmpty()) {
            builder.listener(beans.listeners().size() == 1 ? beans.listeners().get(0)
                    : new CompositeListener(beans.listeners()));
        }
        apply("devproxy.bootstrap-prefix", properties.getBootstrapPrefix(), builder::bootstrapPrefix);
        apply("devproxy.launch-binding", properties.getLaunchBinding(), builder::launchBinding);
        apply("devproxy.token-ttl", properties.getTokenTtl(), builder::tokenTtl);
        apply("devproxy.session-ttl", properties.getSessionTtl(), builder::sessionTtl);
        apply("devproxy.access-token-ttl", properties.getAccessTokenTtl(), builder::accessTokens);
        apply("devproxy.connect-timeout", properties.getConnectTimeout(), builder::connectTimeout);
        apply("devproxy.upstream-idle-timeout", properties.getUpstreamIdleTimeout(), builder::upstreamIdleTimeout);
        apply("devproxy.upstream-keep-alive", properties.getUpstreamKeepAlive(), builder::upstreamKeepAlive);
        apply("devproxy.upstream-threads", properties.getUpstreamThreads(), builder::upstreamThreads);
        if (properties.getTrustedProxies() != null && !properties.getTrustedProxies().isEmpty()) {
            apply("devproxy.trusted-proxies", properties.getTrustedProxies(),
                    list -> builder.trustedProxies(list.toArray(new String[0])));
        }
        builder.cookie(cookie(properties.getCookie()));
        builder.limits(limits(properties.getLimits()));
        beans.customizers().forEach(customizer -> customizer.customize(builder));
        try {
            return builder.build();
        } catch (IllegalStateException e) {
            String property = e.getMessage() != null && e.getMessage().contains("bootstrapPrefix")
                    ? "devproxy.bootstrap-prefix" : "devproxy";
            throw DevProxyConfigurationException.invalidProperty(property, e.getMessage(), e);
        }
    }

    private static Routing routing(DevProxyProperties.Routing settings) {
        if (settings.getMode() == null) {
            throw DevProxyConfigurationException.invalidProperty("devproxy.routing.mode", "not set. Choose hosts (each"
                    + " workspace on an origin of its own, recommended; needs wildcard DNS) or shared-origin (every"
                    + " workspace under a path of the application's origin, where its content can act as the"
                    + " signed-in user)", null);
        }
        if (settings.getMode() == DevProxyProperties.RoutingMode.SHARED_ORIGIN) {
            for (String[] hostsOnly : new String[][] {{"devproxy.routing.workspace-host", settings.getWorkspaceHost()},
                    {"devproxy.routing.application-host", settings.getApplicationHost()},
                    {"devproxy.routing.reserved-prefix", settings.getReservedPrefix()}}) {
                if (hostsOnly[1] != null) {
                    throw DevProxyConfigurationException.conflict(hostsOnly[0], "set, but devproxy.routing.mode is"
                            + " shared-origin, which serves no workspace hosts",
                            "Remove " + hostsOnly[0] + ", or set devproxy.routing.mode=hosts.");
                }
            }
            String prefix = settings.getSharedOriginPrefix() == null ? Routing.DEFAULT_TUNNEL_PREFIX
                    : settings.getSharedOriginPrefix();
            return value("devproxy.routing.shared-origin-prefix", () -> Routing.sharedOrigin(prefix));
        }
        String workspaceHost = required("devproxy.routing.workspace-host", settings.getWorkspaceHost(),
                "{id}.ide.example-ide.net");
        String applicationHost = required("devproxy.routing.application-host", settings.getApplicationHost(),
                "app.example.com");
        Routing routing;
        try {
            routing = Routing.hosts(workspaceHost, applicationHost);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            throw DevProxyConfigurationException.invalidProperty(message.startsWith("applicationHost")
                    ? "devproxy.routing.application-host" : "devproxy.routing.workspace-host", message, e);
        }
        if (settings.getReservedPrefix() != null) {
            Routing hosts = routing;
            routing = value("devproxy.routing.reserved-prefix", () -> hosts.reservedPrefix(settings.getReservedPrefix()));
        }
        if (settings.getSharedOriginPrefix() != null) {
            Routing hosts = routing;
            routing = value("devproxy.routing.shared-origin-prefix",
                    () -> hosts.alsoSharedOrigin(settings.getSharedOriginPrefix()));
        }
        return routing;
    }

    private void keys(DevProxy.Builder builder, Beans beans) {
        DevProxyProperties.Keys keys = properties.getKeys();
        boolean fromProperties = keys.getHmacSecret() != null || keys.getPublicKey() != null
                || keys.getPrivateKey() != null;
        if (beans.tokens() != null || beans.tokenVerifier() != null) {
            if (fromProperties) {
                throw DevProxyConfigurationException.conflict("devproxy.keys", "launch-token keys are set both as"
                        + " properties and as a " + (beans.tokens() != null ? "JwtTokens" : "TokenVerifier") + " bean",
                        "Keep one: remove the devproxy.keys.hmac-secret/public-key/private-key properties, or the bean.");
            }
            if (beans.tokens() != null) {
                builder.tokens(beans.tokens());
            } else {
                builder.tokenVerifier(beans.tokenVerifier());
                if (beans.tokenIssuer() != null) {
                    builder.tokenIssuer(beans.tokenIssuer());
                }
            }
        } else if (keys.getHmacSecret() != null) {
            if (keys.getPublicKey() != null || keys.getPrivateKey() != null) {
                throw DevProxyConfigurationException.conflict(HMAC_SECRET, "set together with PEM key files",
                        "Use either " + HMAC_SECRET + " (HS256) or " + PemKeys.PUBLIC_KEY + " and "
                                + PemKeys.PRIVATE_KEY + " (RS256, ES256), not both.");
            }
            builder.tokens(value(HMAC_SECRET, () -> JwtTokens.hmac(utf8(keys.getHmacSecret()))));
        } else if (keys.getPublicKey() != null) {
            builder.tokens(PemKeys.tokens(keys.getPublicKey(), keys.getPrivateKey()));
        } else if (keys.getPrivateKey() != null) {
            throw DevProxyConfigurationException.invalidProperty(PemKeys.PUBLIC_KEY, "required with "
                    + PemKeys.PRIVATE_KEY, null);
        } else {
            throw DevProxyConfigurationException.invalidProperty(HMAC_SECRET, "no launch-token keys are configured."
                    + " Set " + HMAC_SECRET + " (HS256, at least 32 bytes), or " + PemKeys.PUBLIC_KEY + " and "
                    + PemKeys.PRIVATE_KEY + " (PEM files, RS256 or ES256), or define a JwtTokens bean", null);
        }
        boolean canIssue = beans.tokens() != null ? beans.tokens().canIssue()
                : beans.tokenVerifier() != null ? beans.tokenIssuer() != null
                : keys.getHmacSecret() != null || keys.getPrivateKey() != null;
        if (beans.launchAuthorizer() != null && !canIssue) {
            throw DevProxyConfigurationException.invalidProperty(PemKeys.PRIVATE_KEY, "the application has a"
                    + " LaunchAuthorizer bean, so devproxy serves the token endpoint, which signs launch tokens: it"
                    + " needs the private key (or a JwtTokens bean that can issue)", null);
        }
        if (keys.getSessionSecret() != null) {
            apply("devproxy.keys.session-secret", utf8(keys.getSessionSecret()), builder::sessionSecret);
        }
    }

    private static CookieSettings cookie(DevProxyProperties.Cookie settings) {
        CookieSettings.Builder cookie = CookieSettings.builder();
        apply("devproxy.cookie.name", settings.getName(), cookie::name);
        apply("devproxy.cookie.same-site", settings.getSameSite(), cookie::sameSite);
        if (!settings.isSecure()) {
            cookie.insecureForDevelopment();
        }
        return cookie.build();
    }

    private static Limits limits(DevProxyProperties.Limits settings) {
        Limits.Builder limits = Limits.builder();
        apply("devproxy.limits.web-sockets-per-subject", settings.getWebSocketsPerSubject(),
                limits::webSocketsPerSubject);
        apply("devproxy.limits.web-sockets-per-workspace", settings.getWebSocketsPerWorkspace(),
                limits::webSocketsPerWorkspace);
        apply("devproxy.limits.web-sockets-per-proxy", settings.getWebSocketsPerProxy(), limits::webSocketsPerProxy);
        apply("devproxy.limits.dials-per-workspace", settings.getDialsPerWorkspace(), limits::dialsPerWorkspace);
        apply("devproxy.limits.http-exchanges-per-workspace", settings.getHttpExchangesPerWorkspace(),
                limits::httpExchangesPerWorkspace);
        apply("devproxy.limits.retry-after", settings.getRetryAfter(), limits::retryAfter);
        return limits.build();
    }

    private static String required(String property, String value, String example) {
        if (value == null || value.isBlank()) {
            throw DevProxyConfigurationException.invalidProperty(property, "required with devproxy.routing.mode=hosts,"
                    + " e.g. " + example, null);
        }
        return value;
    }

    private static byte[] utf8(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    // devproxy's builders name their own field and the bad value (never a secret's) in what they throw.
    private static <T> void apply(String property, T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw DevProxyConfigurationException.invalidProperty(property, e.getMessage(), e);
        }
    }

    private static <T> T value(String property, java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw DevProxyConfigurationException.invalidProperty(property, e.getMessage(), e);
        }
    }
}
