/**
 * The Jetty 12.1 ee11 adapter: {@link dev.devproxy.jetty.ee11.JettyEe11DevProxy#install} puts a proxy into a servlet
 * context.
 */
package dev.devproxy.jetty.ee11;
