package dev.devproxy.boot;

import dev.devproxy.DevProxy;

/**
 * Adjusts the {@link DevProxy.Builder} after the starter applied the {@code devproxy.*} properties and the
 * application's beans, for what properties do not cover (a {@code HeaderPolicy}, {@code WebSocketSettings}, a
 * clock). Beans of this type run in their {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * DevProxyCustomizer withholdOurSession() {
 *     return builder -> builder.headerPolicy(HeaderPolicy.builder().withholdCookie("JSESSIONID").build());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface DevProxyCustomizer {
    /** Changes {@code builder}; called once, on the thread that starts the application. */
    void customize(DevProxy.Builder builder);
}
