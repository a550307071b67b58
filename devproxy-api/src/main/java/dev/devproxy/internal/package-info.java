/**
 * Internal: not API. The container-neutral engine behind {@link dev.devproxy.DevProxy}: path parsing,
 * credential checks, target resolution, the HTTP proxy, the WebSocket relay and the header rules.
 * Anything here may change in any release.
 */
package dev.devproxy.internal;
