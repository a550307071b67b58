package dev.devproxy.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A new user's first hour, for each container: a project with no dependencies but the README's "Use it in ..."
 * dependency snippet, built by Maven against the devproxy artifacts this build installed, whose main method is the
 * README's Java snippet; it must compile, start, and answer one request as devproxy would (401: no session on a
 * workspace's host). The projects are generated under {@code target/consumers/}.
 *
 * <p>Needs the artifacts of this very build in the local repository: the README's test command is
 * {@code mvn -B install}, which installs each module before this last one runs.
 */
class ReadmeDependencySnippetsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path WORK = Path.of("target", "consumers").toAbsolutePath();
    private static final String VERSION = System.getProperty("devproxy.test.version");
    private static final Path REPOSITORY = Path.of(System.getProperty("devproxy.test.mavenRepoLocal",
            System.getProperty("user.home") + "/.m2/repository"));
    /** Names of Jetty jars that only a Jetty server needs: none may reach a Tomcat application. */
    private static final Pattern JETTY_SERVER_SIDE = Pattern.compile(
            "/jetty-(server|security|session|ee10-servlet|ee10-servlets|ee10-webapp|ee10-annotations|ee10-plus"
                    + "|annotations|plus|jndi|xml|websocket-core-server|websocket-jetty-server|ee10-websocket-[a-z-]*server)-");

    private static String readme;

    @BeforeAll
    static void readTheReadmeAndCheckTheInstalledArtifacts() throws IOException {
        readme = Files.readString(ROOT.resolve("README.md"));
        for (String module : List.of("devproxy-api", "devproxy-jetty", "devproxy-tomcat")) {
            Path built = ROOT.resolve(module + "/target/" + module + "-" + VERSION + ".jar");
            Path installed = REPOSITORY.resolve("dev/devproxy/" + module + "/" + VERSION + "/" + module + "-" + VERSION + ".jar");
            assertThat(installed).as("%s installed by this build: run the README's test command, mvn -B install", module)
                    .exists();
            assertThat(Files.mismatch(built, installed))
                    .as("%s in %s is this build's (reproducible builds make them byte-identical): run mvn -B install",
                            module, REPOSITORY).isEqualTo(-1L);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aJettyApplicationBuiltFromTheReadmeSnippetStartsDevproxy() throws Exception {
        String dependencies = xmlBlock("## Use it in a Jetty 12 application");
        String snippet = javaBlock("## Use it in a Jetty 12 application");
        String main = """
                import dev.devproxy.DevProxy;
                import dev.devproxy.Routing;
                import dev.devproxy.Target;
                import dev.devproxy.jetty.JettyDevProxy;
                import dev.devproxy.spi.LaunchDecision;
                import dev.devproxy.token.JwtTokens;
                import java.net.URI;
                import java.nio.charset.StandardCharsets;
                import java.util.Map;
                import java.util.Optional;
                import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
                import org.eclipse.jetty.server.Server;
                import org.eclipse.jetty.server.ServerConnector;

                public final class ConsumerMain {
                    public static void main(String[] args) throws Exception {
                        Map<String, URI> containers = Map.of("ws-1", URI.create("http://127.0.0.1:9"));
                        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
                        Server server = new Server();                  // the application's own server
                        ServerConnector connector = new ServerConnector(server);
                        connector.setHost("127.0.0.1");
                        server.addConnector(connector);
                %s
                        System.out.println("PORT " + connector.getLocalPort());
                        System.in.read();                               // until the test closes our input
                        server.stop();
                    }
                }
                """.formatted(indent(snippet));
        Consumer consumer = build("jetty", dependencies, main);
        assertThat(consumer.classpath()).as("the Jakarta WebSocket server devproxy-jetty needs")
                .anyMatch(jar -> jar.contains("/jetty-ee10-websocket-jakarta-server-"));
        consumer.startAndExpect401();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aTomcatApplicationBuiltFromTheReadmeSnippetStartsDevproxyWithoutJettysServer() throws Exception {
        String dependencies = xmlBlock("## Use it in a Tomcat application");
        String proxy = javaBlock("## Use it in a Jetty 12 application"); // "build the DevProxy as above"
        proxy = proxy.substring(0, proxy.indexOf(".build();") + ".build();".length());
        String snippet = javaBlock("## Use it in a Tomcat application");
        String main = """
                import dev.devproxy.DevProxy;
                import dev.devproxy.Routing;
                import dev.devproxy.Target;
                import dev.devproxy.spi.LaunchDecision;
                import dev.devproxy.token.JwtTokens;
                import dev.devproxy.tomcat.TomcatDevProxy;
                import java.net.URI;
                import java.nio.charset.StandardCharsets;
                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.util.Map;
                import java.util.Optional;
                import org.apache.catalina.Context;
                import org.apache.catalina.startup.Tomcat;

                public final class ConsumerMain {
                    public static void main(String[] args) throws Exception {
                        Map<String, URI> containers = Map.of("ws-1", URI.create("http://127.0.0.1:9"));
                        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
                        Path workDir = Files.createDirectories(Path.of("target", "tomcat"));
                %s
                %s
                        System.out.println("PORT " + tomcat.getConnector().getLocalPort());
                        System.in.read();                               // until the test closes our input
                        tomcat.stop();
                        tomcat.destroy();
                    }
                }
                """.formatted(indent(proxy), indent(snippet));
        Consumer consumer = build("tomcat", dependencies, main);
        assertThat(consumer.classpath()).as("Jetty jars only a Jetty server needs, on a Tomcat application's class path")
                .noneMatch(jar -> JETTY_SERVER_SIDE.matcher(jar).find());
        consumer.startAndExpect401();
    }

    /** A generated project, built: its directory and runtime class path (target/classes first). */
    private record Consumer(String name, Path dir, List<String> classpath) {
        /** Runs ConsumerMain, sends one request to a workspace's host, expects 401, and stops it. */
        void startAndExpect401() throws Exception {
            long started = System.nanoTime();
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", String.join(java.io.File.pathSeparator, classpath), "ConsumerMain")
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            StringBuilder output = new StringBuilder();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                        if (line.startsWith("PORT ")) {
                            port.complete(Integer.parseInt(line.substring(5).trim()));
                        }
                    }
                } catch (IOException e) {
                    port.completeExceptionally(e);
                }
                port.completeExceptionally(new AssertionError("ConsumerMain ended without printing its port"));
            }, "consumer-" + name);
            reader.start();
            try {
                int status = workspaceStatus(port.get(60, TimeUnit.SECONDS));
                assertThat(status).as("GET / on a workspace's host without a session; the application said:%n%s",
                        output).isEqualTo(401);
                process.getOutputStream().close();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("ConsumerMain stopped").isTrue();
                assertThat(process.exitValue()).as("its exit status; it said:%n%s", output).isZero();
                System.out.printf("[consumer %s] started, answered and stopped in %.1f s%n", name,
                        (System.nanoTime() - started) / 1e9);
            } finally {
                process.destroyForcibly();
                reader.join(10_000);
            }
        }

        private static int workspaceStatus(int port) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET / HTTP/1.1\r\nHost: ws-1.ide.example-ide.net\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1)).readLine();
                return Integer.parseInt(statusLine.split(" ")[1]);
            }
        }
    }

    /**
     * Writes a project of the README's {@code dependencies} alone and {@code main} as its one class, under
     * target/consumers/{@code name}, and has Maven compile it and write its runtime class path.
     */
    private static Consumer build(String name, String dependencies, String main) throws Exception {
        Path dir = WORK.resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path path : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(dir.resolve("src/main/java"));
        Files.writeString(dir.resolve("src/main/java/ConsumerMain.java"), main);
        Files.writeString(dir.resolve("pom.xml"), pom(name, dependencies));

        // Offline: the outer build has resolved every dependency and plugin a consumer needs (the plugins at the
        // versions the pom pins), unless this module runs alone against a repository that lacks some; then online.
        long started = System.nanoTime();
        List<String> command = mavenCommand(true);
        Nested nested = runMaven(command, dir);
        if (nested.exitCode() != 0 && nested.log().contains("offline")) {
            command = mavenCommand(false);
            nested = runMaven(command, dir);
        }
        assertThat(nested.exitCode()).as("%s in %s failed:%n%s", String.join(" ", command), dir, nested.log()).isZero();
        System.out.printf("[consumer %s] nested build (%s) in %.1f s%n", name,
                command.contains("-o") ? "offline" : "online", (System.nanoTime() - started) / 1e9);
        List<String> classpath = new ArrayList<>();
        classpath.add(dir.resolve("target/classes").toString());
        String written = Files.readString(dir.resolve("classpath.txt")).strip();
        if (!written.isEmpty()) {
            classpath.addAll(Arrays.asList(written.split(java.io.File.pathSeparator)));
        }
        return new Consumer(name, dir, classpath);
    }

    private record Nested(int exitCode, String log) {
    }

    private static List<String> mavenCommand(boolean offline) {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-Dmaven.repo.local=" + REPOSITORY));
        if (offline) {
            command.add("-o");
        }
        command.addAll(List.of("compile", "dependency:build-classpath", "-Dmdep.outputFile=classpath.txt",
                "-Dmdep.includeScope=runtime"));
        return command;
    }

    private static Nested runMaven(List<String> command, Path dir) throws Exception {
        Process maven = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        maven.getOutputStream().close();
        String log = new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!maven.waitFor(4, TimeUnit.MINUTES)) {
            maven.destroyForcibly();
            throw new AssertionError("the nested build did not finish in 4 minutes: " + log);
        }
        return new Nested(maven.exitValue(), log);
    }

    private static String pom(String name, String dependencies) {
        String block = dependencies.strip();
        if (block.startsWith("<dependency>")) {
            block = "<dependencies>\n" + block + "\n</dependencies>";
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example.consumer</groupId>
                  <artifactId>%s</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                %s
                  <build>
                    <plugins>
                      <plugin>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>%s</version>
                      </plugin>
                      <plugin>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>%s</version>
                      </plugin>
                      <plugin>
                        <artifactId>maven-dependency-plugin</artifactId>
                        <version>%s</version>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted("consumer-" + name, block, System.getProperty("devproxy.test.compilerPlugin"),
                System.getProperty("devproxy.test.resourcesPlugin"), System.getProperty("devproxy.test.dependencyPlugin"));
    }

    /** The first {@code ```xml} block of the README section that starts with {@code heading}. */
    private static String xmlBlock(String heading) {
        return block(heading, "xml");
    }

    /** The first {@code ```java} block of the README section that starts with {@code heading}. */
    private static String javaBlock(String heading) {
        return block(heading, "java");
    }

    private static String block(String heading, String language) {
        int section = readme.indexOf("\n" + heading + "\n");
        assertThat(section).as("README.md has a section '%s'", heading).isNotNegative();
        int end = readme.indexOf("\n## ", section + heading.length() + 2);
        String text = readme.substring(section, end < 0 ? readme.length() : end);
        Matcher block = Pattern.compile("\n```" + language + "\n(.*?)\n```\n", Pattern.DOTALL).matcher(text);
        assertThat(block.find()).as("a ```%s block in README section '%s'", language, heading).isTrue();
        return block.group(1);
    }

    private static String indent(String code) {
        return code.lines().map(line -> "        " + line).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
