/**
 * Internal: not API. The byte relay: {@link dev.devproxy.internal.ws.bytes.ByteTunnel} forwards the browser's handshake
 * upstream and has the container's adapter write the upstream's 101; {@link dev.devproxy.internal.ws.bytes.ByteRelay}
 * then copies bytes both ways, one {@link dev.devproxy.internal.ws.bytes.RelayDirection} each, reading frame headers
 * only. The browser's socket arrives through {@link dev.devproxy.internal.ws.bytes.RelayBrowserSide}.
 */
package dev.devproxy.internal.ws.bytes;
