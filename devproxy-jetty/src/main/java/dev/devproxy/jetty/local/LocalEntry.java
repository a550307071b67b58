package dev.devproxy.jetty.local;

import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import java.net.URI;
import java.util.Objects;

/**
 * Where the UI opens one workspace in local mode: its entry proxy on {@code http://127.0.0.1:<port>/}, or,
 * when the entry proxy is switched off for the workspace, the backend itself.
 *
 * @param workspace the workspace
 * @param uri the address to open: the entry proxy's root, or the backend's when {@link #direct()}
 * @param target the backend the entry proxy forwards to
 * @param direct true when no entry proxy is in the path (switched off with
 *     {@link LocalEntryProxies#setEnabled})
 */
public record LocalEntry(WorkspaceId workspace, URI uri, Target target, boolean direct) {
    /** Validates that no component is null. */
    public LocalEntry {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(target, "target");
    }

    /** The port the UI must open. */
    public int port() {
        return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }
}
