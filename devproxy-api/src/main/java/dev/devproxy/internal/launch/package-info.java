/**
 * Internal: not API. The pieces of the launch that tie a link to one browser: keys derived from the session secret,
 * random browser nonces kept in HttpOnly cookies with proofs over them (the binding on the application's origin, the
 * launch state on a workspace's origin), and the short ticket that carries a verified launch from the application's
 * origin to the workspace's.
 */
package dev.devproxy.internal.launch;
