package dev.devproxy.examples.demo.portal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host application's own sign-in: a random session id in a cookie, the name in memory. It stands for
 * whatever the integrator already has (a session store, an OAuth login, bearer tokens); devproxy never
 * sees it. Only {@link PortalLaunchAuthorizer} asks it who is calling.
 *
 * <p>The cookie is scoped to {@code /api/}: the portal's API and devproxy's token endpoint
 * ({@code /api/dev/{id}/ide-token}) receive it, but the tunnel ({@code /__ide/...}) does not, so the
 * host application's session never travels to a workspace container. devproxy forwards every cookie
 * except its own to the upstream, because apps such as Jupyter need theirs.
 */
public final class PortalSessions {
    /** The name of the host application's session cookie. */
    public static final String COOKIE = "portal_session";
    /** The path the cookie is scoped to. */
    public static final String COOKIE_PATH = "/api/";

    private final Map<String, String> namesBySession = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** Signs {@code name} in and returns the new session id. */
    public String signIn(String name) {
        byte[] id = new byte[24];
        random.nextBytes(id);
        String session = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        namesBySession.put(session, name);
        return session;
    }

    /** Ends the caller's session, if any. */
    public void signOut(HttpServletRequest request) {
        sessionOf(request).ifPresent(namesBySession::remove);
    }

    /** Who is calling, if signed in. */
    public Optional<String> nameOf(HttpServletRequest request) {
        return sessionOf(request).map(namesBySession::get);
    }

    /**
     * The {@code Set-Cookie} value for {@code session}. No {@code Secure}: the demo serves plain HTTP on
     * loopback; an application on a real domain serves HTTPS and adds it.
     */
    public static String cookieHeader(String session) {
        return COOKIE + "=" + session + "; Path=" + COOKIE_PATH + "; HttpOnly; SameSite=Lax";
    }

    /** The {@code Set-Cookie} value that removes the cookie. */
    public static String expiredCookieHeader() {
        return COOKIE + "=; Path=" + COOKIE_PATH + "; Max-Age=0; HttpOnly; SameSite=Lax";
    }

    private static Optional<String> sessionOf(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName())) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }
}
