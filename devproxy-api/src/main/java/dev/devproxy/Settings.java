package dev.devproxy;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/** Validation shared by the configuration builders; messages name the field and the bad value. */
final class Settings {
    private Settings() {
    }

    static Duration positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
        return value;
    }

    static Duration notNegative(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
        return value;
    }

    static String prefix(String field, String value) {
        Objects.requireNonNull(value, field);
        if (!value.matches("(/[A-Za-z0-9._~-]+)+") || value.contains("/./") || value.contains("/../")
                || value.endsWith("/.") || value.endsWith("/..")) {
            throw new IllegalArgumentException(field + " must look like /segment[/segment...] with no trailing slash,"
                    + " got '" + value + "'");
        }
        return value;
    }

    static String origin(String field, String value) {
        Objects.requireNonNull(value, field);
        URI uri;
        try {
            uri = new URI(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(field + " must be an origin like https://host[:port], got '" + value + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean pathless = uri.getRawPath() == null || uri.getRawPath().isEmpty();
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !pathless
                || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(field + " must be an origin like https://host[:port], got '" + value + "'");
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
