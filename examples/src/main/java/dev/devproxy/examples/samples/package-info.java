/**
 * Samples for integrators: each class is a few dozen lines that show one way to wire devproxy into an
 * application, and each is compiled and exercised by a test of the same name in {@code src/test}.
 *
 * <ul>
 *   <li>{@link dev.devproxy.examples.samples.InstallIntoExistingJettyApp}: one {@code install} call next to
 *       the routes a Jetty 12 application already has;</li>
 *   <li>{@link dev.devproxy.examples.samples.InstallIntoExistingTomcatApp}: the same for an embedded Tomcat
 *       10.1 or 11 {@code Context};</li>
 *   <li>{@link dev.devproxy.examples.samples.InMemoryWorkspaceRegistry}: a {@code TargetResolver} over a map
 *       that the application updates as workspaces start and stop;</li>
 *   <li>{@link dev.devproxy.examples.samples.CachingStoreResolver}: a {@code TargetResolver} that looks the
 *       container's address up in the application's own store (database, Redis) and caches it briefly;</li>
 *   <li>{@link dev.devproxy.examples.samples.RedisWorkspaceRegistry}: a {@code TargetResolver} over the hashes an
 *       orchestrator keeps in Redis, cached, and dropped from the cache the moment Redis says one changed;</li>
 *   <li>{@link dev.devproxy.examples.samples.OwnTokenEndpoint}: issuing launch tokens from the application's
 *       own endpoint, behind its own authentication, with {@code DevProxy.issueLaunch};</li>
 *   <li>{@link dev.devproxy.examples.samples.AsymmetricLaunchKeys}: ES256 keys, the private one on the API
 *       that signs, only the public one on the gateway nodes that verify.</li>
 * </ul>
 */
package dev.devproxy.examples.samples;
