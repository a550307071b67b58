package dev.devproxy.e2e;

import dev.devproxy.WorkspaceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The real apps every test of the suite opens, started once per test run (they take seconds to start, and
 * each browser run uses names of its own, so runs do not meet): code-server, a noVNC desktop and Jupyter
 * Notebook, each behind a {@link WitnessRelay} so a test can tell whether a request reached the app.
 */
final class RealApps implements AutoCloseable {
    /** The workspace ids the apps are opened under: their hosts, {@code cs.localhost} and so on. */
    static final WorkspaceId CODE_SERVER = WorkspaceId.of("cs");
    static final WorkspaceId DESKTOP = WorkspaceId.of("desk");
    static final WorkspaceId NOTEBOOK = WorkspaceId.of("nb");

    private final List<AutoCloseable> started;
    final CodeServer codeServer;
    final VncDesktop desktop;
    final JupyterNotebook notebook;
    final WitnessRelay codeServerWitness;
    final WitnessRelay desktopWitness;
    final WitnessRelay notebookWitness;

    private RealApps(List<AutoCloseable> started, CodeServer codeServer, VncDesktop desktop, JupyterNotebook notebook,
            WitnessRelay codeServerWitness, WitnessRelay desktopWitness, WitnessRelay notebookWitness) {
        this.started = started;
        this.codeServer = codeServer;
        this.desktop = desktop;
        this.notebook = notebook;
        this.codeServerWitness = codeServerWitness;
        this.desktopWitness = desktopWitness;
        this.notebookWitness = notebookWitness;
    }

    static RealApps start() throws Exception {
        long began = System.nanoTime();
        Path scratch = Files.createDirectories(E2eEnvironment.workDirectory().resolve("apps-" + UUID.randomUUID()));
        List<AutoCloseable> started = new ArrayList<>();
        try {
            CodeServer codeServer = add(started, CodeServer.start(Files.createDirectories(scratch.resolve("code-server"))));
            VncDesktop desktop = add(started, VncDesktop.start(Files.createDirectories(scratch.resolve("desktop"))));
            // On an origin of its own (host routing) Jupyter is served at the root: base_url is /.
            JupyterNotebook notebook = add(started, JupyterNotebook.start(Files.createDirectories(scratch.resolve("jupyter")),
                    "/", NOTEBOOK.value() + ".localhost"));
            RealApps apps = new RealApps(started, codeServer, desktop, notebook,
                    add(started, WitnessRelay.inFrontOf(codeServer.uri())),
                    add(started, WitnessRelay.inFrontOf(desktop.uri())),
                    add(started, WitnessRelay.inFrontOf(notebook.uri())));
            System.out.printf("[e2e] real apps up in %.1f s: code-server %s, noVNC %s, Jupyter %s%n",
                    (System.nanoTime() - began) / 1e9, codeServer.uri(), desktop.uri(), notebook.uri());
            return apps;
        } catch (Exception | AssertionError e) {
            closeAll(started);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> started, T app) {
        started.add(app);
        return app;
    }

    /** Fails with the app's log if one of them died (a crash would otherwise look like a proxy failure). */
    void assertAlive() {
        codeServer.process().assertAlive();
        desktop.assertAlive();
        notebook.process().assertAlive();
    }

    @Override
    public void close() throws Exception {
        closeAll(started);
    }

    private static void closeAll(List<AutoCloseable> started) throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }
}
