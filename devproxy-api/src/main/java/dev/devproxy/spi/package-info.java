/**
 * The interfaces integrators implement: {@link dev.devproxy.spi.TargetResolver} (always),
 * {@link dev.devproxy.spi.LaunchAuthorizer} (to use the built-in token endpoint), and optionally
 * their own {@link dev.devproxy.spi.TokenVerifier}, {@link dev.devproxy.spi.TokenIssuer} and
 * {@link dev.devproxy.spi.ReplayStore}. Each is a functional interface; each Javadoc says when it is
 * called, on which thread, and what an exception means.
 */
package dev.devproxy.spi;
