/**
 * The seam between devproxy's container-neutral engine and a container adapter: what an adapter gives the engine
 * ({@link dev.devproxy.adapter.ContainerAdapter}: the 101 of a WebSocket upgrade, written below the Servlet API) and
 * what the engine gives back ({@link dev.devproxy.adapter.BrowserSide}: a place to hand the browser's socket to, either
 * adopted onto the engine's relay loop or kept on the container's own I/O as a {@link dev.devproxy.adapter.Wire}).
 * Nothing else of a container reaches the engine.
 *
 * <p>For the authors of adapters (devproxy's own are {@code devproxy-jetty}, {@code devproxy-jetty-ee11} and
 * {@code devproxy-tomcat}); applications never use it.
 */
package dev.devproxy.adapter;
