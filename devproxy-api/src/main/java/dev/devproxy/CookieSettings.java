package dev.devproxy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The session cookie devproxy sets at bootstrap.
 *
 * <p>The cookie is always {@code HttpOnly} and always scoped to {@code Path=/__ide/{id}/}, so each
 * workspace has its own and scripts cannot read it. {@code Secure} is on by default; turn it off only
 * for plain-HTTP development ({@link Builder#insecureForDevelopment()}).
 *
 * <pre>{@code
 * CookieSettings cookie = CookieSettings.builder().name("acme_ide").build();
 * }</pre>
 */
public final class CookieSettings {
    /** The {@code SameSite} attribute. */
    public enum SameSite {
        /** Sent on top-level navigations from other sites (default): the bootstrap redirect needs this. */
        LAX,
        /** Sent only on same-site requests. */
        STRICT
    }

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    private final String name;
    private final boolean secure;
    private final SameSite sameSite;

    private CookieSettings(Builder builder) {
        this.name = builder.name;
        this.secure = builder.secure;
        this.sameSite = builder.sameSite;
    }

    /** The defaults: name {@code devproxy_session}, {@code Secure}, {@code SameSite=Lax}. */
    public static CookieSettings defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cookie name. */
    public String name() {
        return name;
    }

    /** Whether the cookie carries {@code Secure}. */
    public boolean secure() {
        return secure;
    }

    /** The {@code SameSite} attribute. */
    public SameSite sameSite() {
        return sameSite;
    }

    @Override
    public String toString() {
        return "CookieSettings[name=" + name + ", secure=" + secure + ", sameSite=" + sameSite + "]";
    }

    /** Builds {@link CookieSettings}. */
    public static final class Builder {
        private String name = "devproxy_session";
        private boolean secure = true;
        private SameSite sameSite = SameSite.LAX;

        private Builder() {
        }

        /**
         * Sets the cookie name (an RFC 6265 token).
         *
         * @throws IllegalArgumentException if {@code name} is not a cookie-name token
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "cookie name");
            if (!TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException("cookie name must be an RFC 6265 token, got '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /** Drops {@code Secure} so the cookie works over plain {@code http://}. Development only. */
        public Builder insecureForDevelopment() {
            this.secure = false;
            return this;
        }

        /** Sets {@code SameSite}. */
        public Builder sameSite(SameSite sameSite) {
            this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
            return this;
        }

        /** Builds the immutable settings. */
        public CookieSettings build() {
            return new CookieSettings(this);
        }
    }
}
