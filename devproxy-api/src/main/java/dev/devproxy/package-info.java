/**
 * devproxy's public API: {@link dev.devproxy.DevProxy} and its configuration ({@link dev.devproxy.Routing},
 * {@link dev.devproxy.Limits}, {@link dev.devproxy.HeaderPolicy}, {@link dev.devproxy.WebSocketSettings},
 * {@link dev.devproxy.CookieSettings}), the target a resolver answers with ({@link dev.devproxy.Target}), and the
 * values the proxy exchanges with integrators (the SPIs are in {@code dev.devproxy.spi}). Install a proxy with one of
 * the container adapters ({@code devproxy-jetty}, {@code devproxy-jetty-ee11}, {@code devproxy-tomcat}).
 */
package dev.devproxy;
