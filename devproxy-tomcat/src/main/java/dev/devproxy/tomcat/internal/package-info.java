/**
 * Internal: not API. The Tomcat adapter's sockets: the upgrade through Tomcat's own interface
 * ({@link dev.devproxy.tomcat.internal.TomcatUpgradedBrowser}), the hand-over of NIO sockets to the engine's relay loop
 * ({@link dev.devproxy.tomcat.internal.TomcatSocketHandover}), and the install-time probe
 * ({@link dev.devproxy.tomcat.internal.TomcatAdapter}).
 */
package dev.devproxy.tomcat.internal;
