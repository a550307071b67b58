/** The Jetty 12 ee10 adapter: {@link dev.devproxy.jetty.JettyDevProxy#install} puts a proxy into a servlet context. */
package dev.devproxy.jetty;
