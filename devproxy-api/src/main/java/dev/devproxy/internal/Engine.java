package dev.devproxy.internal;

import dev.devproxy.DevProxy;
import dev.devproxy.LaunchToken;
import dev.devproxy.WorkspaceId;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;

/** STUB. */
public final class Engine {
    /** stub */
    public Engine(DevProxy proxy, byte[] sessionSecret) {
    }

    /** stub */
    public LaunchToken issueLaunch(String subject, WorkspaceId workspace, String contextPath) {
        throw new UnsupportedOperationException();
    }

    /** stub */
    public int closeWorkspace(WorkspaceId workspace) {
        return 0;
    }

    /** stub */
    public int openSockets() {
        return 0;
    }

    /** stub */
    public Filter newBootstrapFilter() {
        throw new UnsupportedOperationException();
    }

    /** stub */
    public HttpServlet newTunnelServlet() {
        throw new UnsupportedOperationException();
    }

    /** stub */
    public void close() {
    }
}
