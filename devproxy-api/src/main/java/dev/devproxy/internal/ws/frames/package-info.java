/**
 * Internal: not API. The WebSocket protocol as the relays need it, with no I/O: frame headers read without touching
 * payloads ({@link dev.devproxy.internal.ws.frames.FrameScanner}), the close-code table
 * ({@link dev.devproxy.internal.ws.frames.CloseCodes}), the control frames a relay writes itself
 * ({@link dev.devproxy.internal.ws.frames.ControlFrames}), and {@code permessage-deflate}'s offer, answer and inflated
 * size ({@link dev.devproxy.internal.ws.frames.PerMessageDeflate}, {@link dev.devproxy.internal.ws.frames.InflatedSize}).
 */
package dev.devproxy.internal.ws.frames;
