package dev.devproxy.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Jupyter Notebook from Debian's packages on a loopback port, told its public path ({@code base_url}: {@code /} at
 * the root of its own origin with host routing; {@code /__ide/{id}/} under the application's origin, where devproxy
 * serves it in preserve mode), with no token or password of its own: devproxy is the gate. Each browser run gets a notebook of its own ({@link #newNotebook}), so what one run
 * typed (and Jupyter autosaved) never meets the next.
 */
final class JupyterNotebook implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(60);
    private static final String EMPTY_NOTEBOOK = """
            {"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": []}],
             "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
             "nbformat": 4, "nbformat_minor": 5}
            """;

    private final AppProcess process;
    private final URI uri;
    private final Path notebooks;

    private JupyterNotebook(AppProcess process, URI uri, Path notebooks) {
        this.process = process;
        this.uri = uri;
        this.notebooks = notebooks;
    }

    /**
     * Starts Jupyter Notebook to be served at {@code basePath} ({@code /}, or e.g. {@code /__ide/nb/}) on
     * {@code publicHost} as well as {@code localhost}: Jupyter refuses (403) any other {@code Host}, against DNS
     * rebinding, and devproxy keeps the browser's, e.g. {@code nb.localhost}.
     */
    static JupyterNotebook start(Path scratch, String basePath, String publicHost) throws IOException, InterruptedException {
        Path home = Files.createDirectories(scratch.resolve("home"));
        Path notebooks = Files.createDirectories(scratch.resolve("notebooks"));
        int port = FreePorts.next();
        URI uri = URI.create("http://127.0.0.1:" + port);
        AppProcess process = AppProcess.start("jupyter-notebook", List.of("jupyter-notebook", "--no-browser",
                        "--allow-root", "--ip=127.0.0.1", "--port=" + port, "--port-retries=0",
                        "--NotebookApp.token=", "--NotebookApp.password=", "--NotebookApp.base_url=" + basePath,
                        "--NotebookApp.local_hostnames=localhost", "--NotebookApp.local_hostnames=" + publicHost,
                        "--notebook-dir=" + notebooks),
                scratch, Map.of("HOME", home.toString(), "JUPYTER_RUNTIME_DIR", scratch.resolve("runtime").toString()));
        try {
            process.awaitHttp(uri.resolve(basePath + "api"), START);
        } catch (AssertionError | InterruptedException e) {
            process.close();
            throw e;
        }
        return new JupyterNotebook(process, uri, notebooks);
    }

    /** Creates an empty notebook named {@code name}.ipynb and returns its file name. */
    String newNotebook(String name) throws IOException {
        String fileName = name + ".ipynb";
        Files.writeString(notebooks.resolve(fileName), EMPTY_NOTEBOOK);
        return fileName;
    }

    URI uri() {
        return uri;
    }

    AppProcess process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
