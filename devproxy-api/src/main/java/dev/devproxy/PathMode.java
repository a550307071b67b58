package dev.devproxy;

/**
 * How the tunnel path maps onto the upstream path, chosen per {@link Target}.
 *
 * <p>For a request to {@code /__ide/ws-1/static/app.js}:
 * <ul>
 *   <li>{@link #STRIP} sends {@code /static/app.js} upstream. Use it for apps that generate only
 *       relative URLs and do not know their public base path: code-server, noVNC, ttyd.</li>
 *   <li>{@link #PRESERVE} sends {@code /__ide/ws-1/static/app.js} upstream. Use it for apps that are told
 *       their public base path: Jupyter ({@code base_url=/__ide/ws-1/}), VS Code server
 *       ({@code --server-base-path}).</li>
 * </ul>
 * The query string is kept in both modes.
 */
public enum PathMode {
    /** Remove the tunnel prefix ({@code /__ide/{id}}) before forwarding. */
    STRIP,
    /** Forward the path unchanged, prefix included. */
    PRESERVE
}
