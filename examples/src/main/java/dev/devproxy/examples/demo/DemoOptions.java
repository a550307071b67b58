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
import java.util.regex.Pattern;

/**
 * The demo's command line, parsed and validated.
 *
 * @param port the portal's port on 127.0.0.1; 0 picks a free one
 * @param container which servlet container runs the portal and devproxy
 * @param routing where each workspace is served: on an origin of its own, or under a path of the portal's
 * @param domain the portal's host name: {@code localhost} or a name under it; with host routing workspace
 *     {@code ID} is at {@code ID.<domain>}
 * @param workspaces workspaces given with {@code --workspace}; empty means "start the built-in ones"
 * @param help whether {@code --help} was asked for
 */
public record DemoOptions(int port, Container container, RoutingChoice routing, String domain,
        List<DemoWorkspace> workspaces, boolean help) {
    /** The servlet containers devproxy has adapters for. */
    public enum Container {
        /** Jetty 12 (ee10), through {@code devproxy-jetty}. */
        JETTY,
        /** Tomcat, through {@code devproxy-tomcat}. */
        TOMCAT
    }

    /** The two layouts of {@code dev.devproxy.Routing}. */
    public enum RoutingChoice {
        /** Each workspace at the root of its own origin, {@code http://ID.localhost:PORT/} (the default). */
        HOSTS,
        /** Every workspace under {@code /__ide/ID/} of the portal's own origin. */
        PATH
    }

    /** The port used when {@code --port} is not given. */
    public static final int DEFAULT_PORT = 8000;
    /** The portal's host when {@code --domain} is not given. */
    public static final String DEFAULT_DOMAIN = "localhost";

    /** What {@code --help} and every usage error print. */
    public static final String USAGE = String.join("\n",
            "usage: mvn -q -pl examples -am compile exec:java [-Dexec.args=\"OPTIONS\"]",
            "",
            "Starts a demo portal with an Open IDE button per workspace on http://localhost:PORT/ (listening on",
            "127.0.0.1 only), with each workspace on its own origin, http://ID.localhost:PORT/.",
            "",
            "options:",
            "  --port N                  the portal's port on 127.0.0.1 (default " + DEFAULT_PORT + "; 0 picks a free one)",
            "  --container jetty|tomcat  the servlet container to run in (default jetty)",
            "  --routing hosts|path      hosts (default): workspace ID at http://ID.localhost:PORT/, an origin of its",
            "                            own, so its pages cannot reach the portal or other workspaces;",
            "                            path: every workspace under http://localhost:PORT/__ide/ID/, on the portal's",
            "                            own origin, where a workspace's pages can act as the signed-in user",
            "  --domain NAME             the portal's host name, localhost (default) or a name under it such as",
            "                            acme.localhost (workspaces then at ID.acme.localhost: one site with the",
            "                            portal, as app.example.com and ID.ide.example.com are)",
            "  --workspace ID=URL[,strip|,preserve]",
            "                            open a real app instead of the built-in workspaces; repeatable. With host",
            "                            routing ID must be a DNS label (a-z 0-9 -) and the app sees / either way;",
            "                            with path routing, strip (default): the app sees /, as code-server, noVNC",
            "                            and ttyd expect; preserve: it sees /__ide/ID/, for Jupyter's base_url",
            "  --help                    print this and exit",
            "",
            "example: -Dexec.args=\"--workspace cs=http://127.0.0.1:8080 --workspace nb=http://127.0.0.1:8888\"");

    // What Routing.hosts routes (its Javadoc): 1-63 of a-z 0-9 -, no hyphen at either end (RFC 1123 §2.1).
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern LOCALHOST_NAME = Pattern.compile("(([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)\\.)*localhost");

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
        RoutingChoice routing = RoutingChoice.HOSTS;
        String domain = DEFAULT_DOMAIN;
        List<String> workspaceArgs = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inlineValue = flag.equals(arg) ? null : arg.substring(flag.length() + 1);
            switch (flag) {
                case "--help", "-h" -> help = true;
                case "--port" -> port = port(inlineValue != null ? inlineValue : valueAfter(args, i++, flag));
                case "--container" -> container = container(inlineValue != null ? inlineValue : valueAfter(args, i++, flag));
                case "--routing" -> routing = routing(inlineValue != null ? inlineValue : valueAfter(args, i++, flag));
                case "--domain" -> domain = domain(inlineValue != null ? inlineValue : valueAfter(args, i++, flag));
                case "--workspace" -> workspaceArgs.add(inlineValue != null ? inlineValue : valueAfter(args, i++, flag));
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        // Parsed after the loop: what an id may be, and what a workspace's app sees, depend on --routing.
        List<DemoWorkspace> workspaces = new ArrayList<>();
        Set<WorkspaceId> seen = new HashSet<>();
        for (String value : workspaceArgs) {
            DemoWorkspace workspace = workspace(value, routing, domain);
            if (!seen.add(workspace.id())) {
                throw new UsageException("--workspace " + workspace.id() + " is given twice");
            }
            workspaces.add(workspace);
        }
        return new DemoOptions(port, container, routing, domain, workspaces, help);
    }

    /** The public address of workspace {@code id} once the portal listens on {@code port}. */
    public URI workspaceUrl(WorkspaceId id, int port) {
        return routing == RoutingChoice.HOSTS
                ? URI.create("http://" + id.value() + "." + domain + ":" + port + "/")
                : URI.create("http://" + domain + ":" + port + "/__ide/" + id.value() + "/");
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

    private static RoutingChoice routing(String value) throws UsageException {
        return switch (value) {
            case "hosts" -> RoutingChoice.HOSTS;
            case "path" -> RoutingChoice.PATH;
            default -> throw new UsageException("--routing must be hosts or path, got '" + value + "'");
        };
    }

    private static String domain(String value) throws UsageException {
        // The portal listens on 127.0.0.1 only; browsers resolve these names there without any DNS set-up.
        if (!LOCALHOST_NAME.matcher(value).matches()) {
            throw new UsageException("--domain must be localhost or a name under it (lower case), such as"
                    + " acme.localhost, got '" + value + "'");
        }
        return value;
    }

    private static DemoWorkspace workspace(String value, RoutingChoice routing, String domain) throws UsageException {
        int equals = value.indexOf('=');
        if (equals <= 0) {
            throw new UsageException("--workspace must look like ID=URL[,strip|,preserve], got '" + value + "'");
        }
        String rawId = value.substring(0, equals);
        WorkspaceId id = WorkspaceId.parse(rawId).orElseThrow(() -> new UsageException("--workspace id '" + rawId
                + "' must be 1-128 characters of A-Z a-z 0-9 . _ - starting with a letter or digit"));
        if (routing == RoutingChoice.HOSTS && !DNS_LABEL.matcher(rawId).matches()) {
            throw new UsageException("--workspace id '" + rawId + "' must be a DNS label with host routing, since the"
                    + " workspace is served at http://" + rawId + "." + domain + ":PORT/: 1-63 characters of a-z 0-9 -,"
                    + " not starting or ending with - (or use --routing path)");
        }
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
        // Said without the app's address: the portal shows this sentence to everyone who signs in.
        String how = routing == RoutingChoice.HOSTS ? "Your app, at the root of an origin of its own."
                : mode == PathMode.STRIP ? "Your app, seeing paths without the /__ide/" + id + " prefix."
                : "Your app, seeing paths with the /__ide/" + id + "/ prefix kept.";
        return new DemoWorkspace(id, target, id.value(), how);
    }
}
