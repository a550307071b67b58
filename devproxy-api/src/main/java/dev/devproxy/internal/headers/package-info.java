/**
 * Internal: not API. Pure header rewriting rules shared by the HTTP proxy and the WebSocket relay;
 * no servlet or Jetty types, so every adapter maps its own header objects onto
 * {@link dev.devproxy.internal.headers.HeaderList}.
 */
package dev.devproxy.internal.headers;
