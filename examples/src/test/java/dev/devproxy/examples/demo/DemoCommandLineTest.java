package dev.devproxy.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link Demo#main} as a process: exit codes and what a person reads when the command line is wrong. */
class DemoCommandLineTest {

    private static final Pattern OPEN_URL = Pattern.compile("Open (http://localhost:\\d+/)");

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run demo(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Demo.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the demo did not exit within 60 s: " + command);
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownFlagPrintsUsageAndExits2() throws Exception {
        Run run = demo("--verbose");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("demo: unknown option '--verbose'", "usage: mvn -q -pl examples -am compile exec:java");
    }

    @Test
    void aBadPortPrintsUsageAndExits2() throws Exception {
        Run run = demo("--port", "-1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--port must be a number from 0 to 65535, got '-1'");
    }

    @Test
    void stoppingTheProcessShutsTheDemoDownCleanly() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Demo.class.getName(), "--port", "0");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            CompletableFuture<String> url = new CompletableFuture<>();
            StringBuilder seen = new StringBuilder();
            Thread reader = new Thread(() -> output.lines().forEach(line -> {
                synchronized (seen) {
                    seen.append(line).append('\n');
                }
                Matcher open = OPEN_URL.matcher(line);
                if (open.find()) {
                    url.complete(open.group(1));
                }
            }), "demo-output");
            reader.start();
            assertThat(url.get(60, TimeUnit.SECONDS)).startsWith("http://localhost:");

            // SIGTERM runs the same shutdown hook as Ctrl-C. Process.destroy() would also close our end of
            // the pipe and lose what the hook prints; ProcessHandle.destroy() only sends the signal.
            process.toHandle().destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(10));
            synchronized (seen) {
                assertThat(seen.toString()).contains("each workspace on an origin of its own (--routing hosts)",
                        "scratchpad   http://scratchpad.localhost:", "devproxy demo stopped.");
            }
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void helpPrintsUsageAndExits0() throws Exception {
        Run run = demo("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("--workspace ID=URL[,strip|,preserve]", "--port N", "--container jetty|tomcat",
                "--routing hosts|path", "--domain NAME");
    }

    @Test
    void aWorkspaceIdThatIsNoDnsLabelIsAUsageErrorWithHostRouting() throws Exception {
        Run run = demo("--workspace", "Code_Server=http://127.0.0.1:8080");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--workspace id 'Code_Server' must be a DNS label with host routing",
                "(or use --routing path)", "usage: mvn");
    }
}
