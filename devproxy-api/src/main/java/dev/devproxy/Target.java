package dev.devproxy;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one workspace's traffic goes: the upstream base URI, the {@link PathMode}, and optionally a
 * {@link HeaderPolicy} that overrides the proxy-wide one for this target.
 *
 * <p>A {@code TargetResolver} returns a new {@code Target} per request; the proxy never has a
 * default or fallback target.
 *
 * <pre>{@code
 * Target codeServer = Target.strip(URI.create("http://10.0.3.17:8080"));
 * Target jupyter = Target.preserve(URI.create("http://10.0.3.18:8888"));
 * }</pre>
 *
 * <p>The base URI must be absolute {@code http} or {@code https} with a host, and carry no user
 * info, query or fragment. A path in the base URI is prepended to every forwarded path.
 * Instances are immutable.
 */
public final class Target {
    private final URI baseUri;
    private final PathMode pathMode;
    private final HeaderPolicy headerPolicy;

    private Target(URI baseUri, PathMode pathMode, HeaderPolicy headerPolicy) {
        this.baseUri = validate(baseUri);
        this.pathMode = Objects.requireNonNull(pathMode, "pathMode");
        this.headerPolicy = headerPolicy;
    }

    /** A target that receives paths with the tunnel prefix removed. */
    public static Target strip(URI baseUri) {
        return new Target(baseUri, PathMode.STRIP, null);
    }

    /** A target that receives paths with the tunnel prefix kept. */
    public static Target preserve(URI baseUri) {
        return new Target(baseUri, PathMode.PRESERVE, null);
    }

    /** A target with an explicit path mode. */
    public static Target of(URI baseUri, PathMode pathMode) {
        return new Target(baseUri, pathMode, null);
    }

    /** Returns a copy of this target that uses {@code policy} instead of the proxy-wide header policy. */
    public Target withHeaderPolicy(HeaderPolicy policy) {
        return new Target(baseUri, pathMode, Objects.requireNonNull(policy, "policy"));
    }

    /** The upstream base URI, e.g. {@code http://10.0.3.17:8080}. */
    public URI baseUri() {
        return baseUri;
    }

    /** How the tunnel prefix maps onto upstream paths. */
    public PathMode pathMode() {
        return pathMode;
    }

    /** The header policy for this target, if it overrides the proxy-wide one. */
    public Optional<HeaderPolicy> headerPolicy() {
        return Optional.ofNullable(headerPolicy);
    }

    /** {@code host:port} of the upstream, with the scheme's default port filled in. */
    public String authority() {
        return baseUri.getHost() + ":" + port();
    }

    /** The upstream port, with the scheme's default filled in. */
    public int port() {
        if (baseUri.getPort() != -1) {
            return baseUri.getPort();
        }
        return "https".equals(baseUri.getScheme()) ? 443 : 80;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Target)) {
            return false;
        }
        Target that = (Target) other;
        return baseUri.equals(that.baseUri) && pathMode == that.pathMode
                && Objects.equals(headerPolicy, that.headerPolicy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(baseUri, pathMode, headerPolicy);
    }

    /** Describes the target for operators' logs; never shown to browsers. */
    @Override
    public String toString() {
        return "Target[" + baseUri + ", " + pathMode + "]";
    }

    private static URI validate(URI uri) {
        Objects.requireNonNull(uri, "baseUri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("target baseUri must be an absolute http or https URI, got '" + uri + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("target baseUri must name a host, got '" + uri + "'");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("target baseUri must not carry user info, a query or a fragment, got '"
                    + uri.getScheme() + "://" + uri.getHost() + "...'");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        } else if (scheme.equals(uri.getScheme())) {
            return uri; // already in the form below: a resolver builds a target per request, mostly from such a URI
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }
}
