package dev.devproxy.examples.demo;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Serves the demo's pages, stylesheets and scripts from one classpath folder. Names are flat
 * ({@code index.html}, {@code pad.js}), so no request can climb out of the folder.
 */
public final class ClasspathFiles {
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+\\.(html|css|js)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=utf-8",
            "css", "text/css;charset=utf-8",
            "js", "text/javascript;charset=utf-8");

    private final String folder;

    /** Files under {@code folder}, e.g. {@code /dev/devproxy/examples/demo/portal/}. */
    public ClasspathFiles(String folder) {
        this.folder = Objects.requireNonNull(folder, "folder").endsWith("/") ? folder : folder + "/";
    }

    /** The text of {@code name}, or null if there is no such file. */
    public String read(String name) throws IOException {
        if (!NAME.matcher(name).matches()) {
            return null;
        }
        try (InputStream in = ClasspathFiles.class.getResourceAsStream(folder + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Writes {@code name} as the response with its content type, or 404 if there is no such file.
     *
     * @return whether the file was found
     */
    public boolean serve(String name, HttpServletResponse response) throws IOException {
        String text = read(name);
        if (text == null) {
            response.sendError(404);
            return false;
        }
        send(name, text, response);
        return true;
    }

    /** Writes {@code text} as the response, typed by {@code name}'s extension. */
    public static void send(String name, String text, HttpServletResponse response) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        response.setContentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        // The demo changes while people read its source: always revalidate.
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
