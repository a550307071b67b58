package dev.devproxy.examples.boot;

import dev.devproxy.PathMode;
import dev.devproxy.Target;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The portal's workspaces, from {@code portal.workspaces.<id>.*}: where each one's container listens and whose it is.
 * A real portal keeps them in its database or learns them from its orchestrator (see the README's samples).
 */
@ConfigurationProperties("portal")
public class PortalWorkspaces {
    private final Map<String, Workspace> workspaces = new LinkedHashMap<>();

    /** @return workspace id to workspace */
    public Map<String, Workspace> getWorkspaces() {
        return workspaces;
    }

    /** One workspace. */
    public static class Workspace {
        /** Where its container serves HTTP and WebSocket, e.g. http://10.0.3.7:8080. */
        private URI upstream;
        /** The user it belongs to. */
        private String owner;
        /** strip (code-server, noVNC) or preserve (an app told its public base path). */
        private PathMode pathMode = PathMode.STRIP;

        /** @return the container's address */
        public URI getUpstream() {
            return upstream;
        }

        /** @param upstream the container's address */
        public void setUpstream(URI upstream) {
            this.upstream = upstream;
        }

        /** @return the owner */
        public String getOwner() {
            return owner;
        }

        /** @param owner the owner */
        public void setOwner(String owner) {
            this.owner = owner;
        }

        /** @return the path mode */
        public PathMode getPathMode() {
            return pathMode;
        }

        /** @param pathMode the path mode */
        public void setPathMode(PathMode pathMode) {
            this.pathMode = pathMode;
        }

        Target target() {
            return Target.of(upstream, pathMode);
        }
    }
}
