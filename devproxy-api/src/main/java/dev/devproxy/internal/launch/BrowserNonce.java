package dev.devproxy.internal.launch;

import dev.devproxy.internal.CookieHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Internal: not API. A random value a browser keeps in an HttpOnly cookie, and proofs over it: whoever holds a proof
 * can show that a request comes from the browser holding the value, without the value ever leaving that browser's
 * cookie jar. The launch uses two: the <em>binding</em> on the application's origin (a launch token's proof names it)
 * and the <em>launch state</em> on a workspace's origin (a handoff ticket names it).
 *
 * <p>A browser that already holds a well-formed value keeps it, so several launches from one browser, in several
 * tabs, all hold. The value is worthless alone: only a proof made with the proxy's key ties anything to it.
 */
public final class BrowserNonce {
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final LaunchKeys keys;
    private final String cookieName;
    private final boolean secure;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param keys the key proofs are made with
     * @param cookieName the cookie's name ({@code __Host-} prefixed when {@code secure})
     * @param secure whether the cookie carries {@code Secure}
     * @param lifetime how long the cookie lives, renewed at every launch
     */
    public BrowserNonce(LaunchKeys keys, String cookieName, boolean secure, Duration lifetime) {
        this.keys = keys;
        this.cookieName = cookieName;
        this.secure = secure;
        this.lifetime = lifetime;
    }

    /**
     * The browser's value: the one it presents if well-formed, else a new one. Either way the cookie is (re)set on
     * {@code response}, host-only, {@code Path=/}, HttpOnly, {@code SameSite=Lax} (the launch reaches the origin
     * again through a top-level redirect from another site, which Lax lets through and Strict would not).
     */
    public String ensure(HttpServletRequest request, HttpServletResponse response) {
        String value = null;
        for (String presented : CookieHeaders.values(request, cookieName)) {
            if (VALUE.matcher(presented).matches()) {
                value = presented;
                break;
            }
        }
        if (value == null) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            value = BASE64URL.encodeToString(bytes);
        }
        response.addHeader("Set-Cookie", CookieHeaders.setCookie(cookieName, value, "/", lifetime.toSeconds(), secure,
                "Lax"));
        return value;
    }

    /** The proof that ties {@code context} (a token id, say) to the browser holding {@code value}. */
    public String proof(String value, String context) {
        return keys.proof(value, context);
    }

    /**
     * Whether {@code request} comes from a browser holding the value {@code proof} was made for, with {@code context}.
     * A browser that presents more than one value proves nothing: over plain HTTP the cookie has no {@code __Host-}
     * prefix, and a page on a same-site host could have set a second one (cookie tossing).
     */
    public boolean presentedFor(HttpServletRequest request, String context, String proof) {
        List<String> presented = CookieHeaders.values(request, cookieName);
        return proof != null && presented.size() == 1 && VALUE.matcher(presented.get(0)).matches()
                && keys.verify(proof, presented.get(0), context);
    }

    /** The cookie's name. */
    public String cookieName() {
        return cookieName;
    }
}
