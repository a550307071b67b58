/** Internal: not API. WebSocket relay logic that does not depend on a container. */
package dev.devproxy.internal.ws;
