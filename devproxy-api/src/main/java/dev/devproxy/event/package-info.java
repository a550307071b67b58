/**
 * The events devproxy reports to a {@link dev.devproxy.DevProxyListener}: immutable records that never
 * carry a token, cookie or {@code Authorization} value.
 */
package dev.devproxy.event;
