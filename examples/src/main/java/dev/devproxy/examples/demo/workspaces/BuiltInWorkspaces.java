package dev.devproxy.examples.demo.workspaces;

import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.examples.demo.DemoWorkspace;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's own workspaces, so it works with nothing installed. Each runs as a separate server on its
 * own 127.0.0.1 port, as a container would:
 * <ul>
 *   <li>{@code scratchpad} (strip): a shared scratchpad with assets, a redirect, its own cookie and a
 *       WebSocket;</li>
 *   <li>{@code terminal} (preserve): a pretend shell that is told its public path, as Jupyter is;</li>
 *   <li>{@code stopped}: registered, but nothing listens at its address, as when a container is down:
 *       opening it shows devproxy's "Workspace unreachable" page.</li>
 * </ul>
 */
public final class BuiltInWorkspaces implements AutoCloseable {
    private final List<UpstreamServer> servers;
    private final List<DemoWorkspace> workspaces;

    private BuiltInWorkspaces(List<UpstreamServer> servers, List<DemoWorkspace> workspaces) {
        this.servers = servers;
        this.workspaces = workspaces;
    }

    /**
     * Starts the workspaces' servers.
     *
     * @param terminalPath the terminal's public path, which it is told as Jupyter is told its {@code base_url}:
     *     {@code /} on an origin of its own (host routing), {@code /__ide/terminal} under the portal's (path routing)
     */
    public static BuiltInWorkspaces start(String terminalPath) throws Exception {
        List<UpstreamServer> servers = new ArrayList<>();
        try {
            UpstreamServer scratchpad = UpstreamServer.start("scratchpad", ScratchpadApp.context());
            servers.add(scratchpad);
            UpstreamServer terminal = UpstreamServer.start("terminal", EchoTerminalApp.context(terminalPath));
            servers.add(terminal);
            List<DemoWorkspace> workspaces = List.of(
                    new DemoWorkspace(WorkspaceId.of("scratchpad"), Target.strip(scratchpad.uri()), "Scratchpad",
                            "A shared scratchpad: stylesheet, script, a redirect, its own cookie and a live WebSocket."),
                    new DemoWorkspace(WorkspaceId.of("terminal"), Target.preserve(terminal.uri()), "Terminal",
                            "A pretend shell over WebSocket, told its public path (" + terminalPath
                                    + (terminalPath.endsWith("/") ? "" : "/") + ") as Jupyter is told its base_url."),
                    new DemoWorkspace(WorkspaceId.of("stopped"), Target.strip(addressWithNothingListening()), "Stopped",
                            "A workspace whose container is down: shows what people see then."));
            return new BuiltInWorkspaces(List.copyOf(servers), workspaces);
        } catch (Exception e) {
            for (UpstreamServer server : servers) {
                server.close();
            }
            throw e;
        }
    }

    /** The workspaces, in the order the portal lists them. */
    public List<DemoWorkspace> workspaces() {
        return workspaces;
    }

    /** Stops the workspaces' servers. */
    @Override
    public void close() throws Exception {
        for (UpstreamServer server : servers) {
            server.close();
        }
    }

    // A port that was free a moment ago: closed again at once, so connecting to it is refused.
    private static URI addressWithNothingListening() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
