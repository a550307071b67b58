package dev.devproxy.examples.demo;

import dev.devproxy.PathMode;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The demo's command line, parsed and validated.
 *
 * @param port the portal's port on 127.0.0.1; 0 picks a free one
 * @param container which servlet container runs the portal and devproxy
 * @param workspaces workspaces given with {@code --workspace}; empty means "start the built-in ones"
 * @param help whether {@code --help} was asked for
 */
public record DemoOptions(int port, Container container, List<DemoWorkspace> workspaces, boolean help) {
    /** The servlet containers devproxy has adapters for. */
    public enum Container {
        /** Jetty 12 (ee10), through {@code devproxy-jetty}. */
        JETTY,
        /** Tomcat, through {@code devproxy-tomcat}. */
        TOMCAT
    }

    /** The port used when {@code --port} is not given. */
    public static final int DEFAULT_PORT = 8000;

    /** What {@code --help} and every usage error print. */
    public static final String USAGE = String.join("\n",
            "usage: mvn -q -pl examples -am compile exec:java [-Dexec.args=\"OPTIONS\"]",
            "",
            "Starts a demo portal with an Open IDE button per workspace, on http://127.0.0.1:PORT/.",
            "",
            "options:",
            "  --port N                  the portal's port on 127.0.0.1 (default " + DEFAULT_PORT + "; 0 picks a free one)",
            "  --container jetty|tomcat  the servlet container to run in (default jetty)",
            "  --workspace ID=URL[,strip|,preserve]",
            "                            open a real app instead of the built-in workspaces; repeatable.",
            "                            strip (default): the app sees /, as code-server, noVNC and ttyd expect;",
            "                            preserve: the app sees /__ide/ID/, for Jupyter's base_url=/__ide/ID/",
            "  --help                    print this and exit",
            "",
            "example: -Dexec.args=\"--workspace cs=http://127.0.0.1:8080 --workspace nb=http://127.0.0.1:8888,preserve\"");

    /** Keeps the list immutable. */
    public DemoOptions {
        workspaces = List.copyOf(workspaces);
    }

    /**
     * Parses {@code args}; flags take their value as the next argument or after {@code =}.
     *
     * @throws UsageException naming the unknown flag or bad value
     */
    public static DemoOptions parse(String... args) throws UsageException {
        int port = DEFAULT_PORT;
        Container container = Container.JETTY;
        List<DemoWorkspace> workspaces = new ArrayList<>();
        Set<WorkspaceId> seen = new HashSet<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inlineValue = flag.equals(arg) ? null : arg.substring(flag.length() + 1);
            switch (flag) {
                case "--help", "-h" -> help = true;
                case "--port" -> port = port(inlineValue != null ? inlineValue : valueAfter(args, i++, flag));
                case "--container" -> container = container(inlineValue != null ? inlineValue : valueAfter(args, i++, flag));
                case "--workspace" -> {
                    DemoWorkspace workspace = workspace(inlineValue != null ? inlineValue : valueAfter(args, i++, flag));
                    if (!seen.add(workspace.id())) {
                        throw new UsageException("--workspace " + workspace.id() + " is given twice");
                    }
                    workspaces.add(workspace);
                }
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        return new DemoOptions(port, container, workspaces, help);
    }

    private static String valueAfter(String[] args, int index, String flag) throws UsageException {
        if (index + 1 >= args.length || args[index + 1].startsWith("--")) {
            throw new UsageException(flag + " needs a value");
        }
        return args[index + 1];
    }

    private static int port(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the one message below
        }
        throw new UsageException("--port must be a number from 0 to 65535, got '" + value + "'");
    }

    private static Container container(String value) throws UsageException {
        for (Container container : Container.values()) {
            if (container.name().toLowerCase(Locale.ROOT).equals(value)) {
                return container;
            }
        }
        throw new UsageException("--container must be jetty or tomcat, got '" + value + "'");
    }

    private static DemoWorkspace workspace(String value) throws UsageException {
        int equals = value.indexOf('=');
        if (equals <= 0) {
            throw new UsageException("--workspace must look like ID=URL[,strip|,preserve], got '" + value + "'");
        }
        String rawId = value.substring(0, equals);
        WorkspaceId id = WorkspaceId.parse(rawId).orElseThrow(() -> new UsageException("--workspace id '" + rawId
                + "' must be 1-128 characters of A-Z a-z 0-9 . _ - starting with a letter or digit"));
        String rest = value.substring(equals + 1);
        PathMode mode = PathMode.STRIP;
        int comma = rest.lastIndexOf(',');
        if (comma >= 0) {
            String modeName = rest.substring(comma + 1);
            if (modeName.equals("preserve")) {
                mode = PathMode.PRESERVE;
            } else if (!modeName.equals("strip")) {
                throw new UsageException("--workspace " + id + ": the mode after ',' must be strip or preserve, got '"
                        + modeName + "'");
            }
            rest = rest.substring(0, comma);
        }
        Target target;
        try {
            target = Target.of(URI.create(rest), mode);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--workspace " + id + ": the URL must look like http://127.0.0.1:8080, got '"
                    + rest + "'");
        }
        String how = mode == PathMode.STRIP
                ? "Your app at " + target.baseUri() + ", seeing paths without the /__ide/" + id + " prefix."
                : "Your app at " + target.baseUri() + ", seeing paths with the /__ide/" + id + "/ prefix kept.";
        return new DemoWorkspace(id, target, id.value(), how);
    }
}
