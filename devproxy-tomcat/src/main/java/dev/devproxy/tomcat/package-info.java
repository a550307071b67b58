/**
 * The Tomcat 10.1 and 11 adapter: {@link dev.devproxy.tomcat.TomcatDevProxy#install} for embedded Tomcat, and
 * {@link dev.devproxy.tomcat.DevProxyProvider} for a WAR.
 */
package dev.devproxy.tomcat;
