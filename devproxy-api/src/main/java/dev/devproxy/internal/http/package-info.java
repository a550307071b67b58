/**
 * Internal: not API. The HTTP half of the tunnel: Jetty's asynchronous proxy servlet with devproxy's header rules,
 * limits and failure answers.
 */
package dev.devproxy.internal.http;
