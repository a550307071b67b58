package dev.devproxy.testkit;

/**
 * A launch as the token endpoint gave it to one test browser: the token, the URL to open, and the binding cookie
 * that browser received with it (the launch works only where that cookie is presented).
 *
 * @param token the launch token; a secret
 * @param url the launch URL the token endpoint answered: relative for shared-origin routing, absolute on the
 *     workspace's host for host routing
 * @param bindingCookie the {@code name=value} of the binding cookie, for a {@code Cookie} header; empty if none was set
 */
public record Launch(String token, String url, String bindingCookie) {
    /** Omits the secrets. */
    @Override
    public String toString() {
        return "Launch[...]";
    }
}
