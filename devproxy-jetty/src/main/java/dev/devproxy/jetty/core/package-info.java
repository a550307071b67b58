/**
 * For the Jetty adapters; not API. What the ee10 and ee11 adapters share: the installation steps
 * ({@link dev.devproxy.jetty.core.JettyInstallation}) and the connection upgrade on Jetty's core API
 * ({@link dev.devproxy.jetty.core.JettyAdapter}).
 */
package dev.devproxy.jetty.core;
