/**
 * Local mode on Jetty: {@link dev.devproxy.jetty.local.LocalEntryProxies} serves each workspace on a loopback port of
 * its own, for a single user on their own machine.
 */
package dev.devproxy.jetty.local;
