package dev.devproxy.examples.demo;

import java.net.BindException;
import java.util.Locale;

/**
 * {@code mvn -q -pl examples -am compile exec:java}: starts the demo and prints the address to open.
 * Flags go in {@code -Dexec.args="..."}; see {@link DemoOptions#USAGE}. Exit codes: 2 for a bad command
 * line, 1 if the demo cannot start; Ctrl-C stops it cleanly.
 */
public final class Demo {
    private Demo() {
    }

    /** Runs the demo until Ctrl-C. */
    public static void main(String[] args) throws InterruptedException {
        DemoOptions options;
        HostContainer container;
        try {
            options = DemoOptions.parse(args);
            container = HostContainers.forChoice(options.container());
        } catch (UsageException e) {
            System.err.println("demo: " + e.getMessage());
            System.err.println();
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(DemoOptions.USAGE);
            return;
        }
        DemoApp app;
        try {
            app = DemoApp.start(options, container);
        } catch (Exception e) {
            System.err.println("demo: could not start: " + describe(e, options));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            System.out.println("devproxy demo stopped.");
        }, "demo-shutdown"));
        System.out.println(banner(app, options));
        System.out.flush();
        app.awaitClosed();
    }

    private static String banner(DemoApp app, DemoOptions options) {
        StringBuilder banner = new StringBuilder()
                .append("\ndevproxy demo on ").append(options.container().name().toLowerCase(Locale.ROOT))
                .append(options.routing() == DemoOptions.RoutingChoice.HOSTS
                        ? ", each workspace on an origin of its own (--routing hosts)."
                        : ", every workspace under /__ide/ID/ of the portal's origin, where its pages can act as the"
                                + " signed-in user (--routing path).")
                .append("\nOpen ").append(app.url()).append(" in your browser.\n\n");
        // The console is the operator's: it may say where each container listens. The portal never does.
        for (DemoWorkspace workspace : app.workspaces()) {
            banner.append(String.format("  %-12s %s -> %s (%s)%n", workspace.id(), app.workspaceUrl(workspace.id()),
                    workspace.target().baseUri(), workspace.target().pathMode().name().toLowerCase(Locale.ROOT)));
        }
        return banner.append("\nCtrl-C stops it.").toString();
    }

    private static String describe(Exception e, DemoOptions options) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return "port " + options.port() + " is in use; pick another with -Dexec.args=\"--port N\" (0: any free port)";
            }
        }
        return e.toString();
    }
}
