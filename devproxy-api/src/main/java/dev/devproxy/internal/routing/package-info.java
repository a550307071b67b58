/**
 * Internal: not API. Which workspace a request is for when each workspace has an origin of its own: the host
 * pattern, the browser-facing origin of a request (with forwarding headers only from trusted proxies), and the
 * application's origin the launch passes through. Pure logic: no servlet container types.
 */
package dev.devproxy.internal.routing;
