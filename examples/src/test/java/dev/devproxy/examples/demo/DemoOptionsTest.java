package dev.devproxy.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.PathMode;
import java.net.URI;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void noFlagsMeanPort8000OnJettyWithTheBuiltInWorkspaces() throws Exception {
        DemoOptions options = DemoOptions.parse();

        assertThat(options.port()).isEqualTo(8000);
        assertThat(options.container()).isEqualTo(DemoOptions.Container.JETTY);
        assertThat(options.workspaces()).isEmpty();
        assertThat(options.help()).isFalse();
    }

    @Test
    void flagsTakeTheirValueAfterASpaceOrAnEqualsSign() throws Exception {
        assertThat(DemoOptions.parse("--port", "0").port()).isZero();
        assertThat(DemoOptions.parse("--port=9000").port()).isEqualTo(9000);
        assertThat(DemoOptions.parse("--container=tomcat").container()).isEqualTo(DemoOptions.Container.TOMCAT);
        assertThat(DemoOptions.parse("--help").help()).isTrue();
    }

    @Test
    void workspacesStripByDefaultAndPreserveOnRequest() throws Exception {
        DemoOptions options = DemoOptions.parse("--workspace", "cs=http://127.0.0.1:8080",
                "--workspace", "nb=http://127.0.0.1:8888,preserve", "--workspace=vnc=http://127.0.0.1:6080/,strip");

        assertThat(options.workspaces()).extracting(w -> w.id().value()).containsExactly("cs", "nb", "vnc");
        assertThat(options.workspaces()).extracting(w -> w.target().pathMode())
                .containsExactly(PathMode.STRIP, PathMode.PRESERVE, PathMode.STRIP);
        assertThat(options.workspaces().get(0).target().baseUri()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    }

    @Test
    void badCommandLinesAreRefusedWithAMessageNamingTheProblem() {
        assertRefused("unknown option '--verbose'", "--verbose");
        assertRefused("--port must be a number from 0 to 65535, got 'eighty'", "--port", "eighty");
        assertRefused("--port must be a number from 0 to 65535, got '70000'", "--port", "70000");
        assertRefused("--port needs a value", "--port");
        assertRefused("--container must be jetty or tomcat, got 'undertow'", "--container", "undertow");
        assertRefused("--workspace must look like ID=URL", "--workspace", "http://127.0.0.1:8080");
        assertRefused("--workspace id 'a/b' must be", "--workspace", "a/b=http://127.0.0.1:8080");
        assertRefused("the URL must look like http://127.0.0.1:8080, got 'ftp://x'", "--workspace", "cs=ftp://x");
        assertRefused("the mode after ',' must be strip or preserve, got 'keep'", "--workspace", "cs=http://h:1,keep");
        assertRefused("--workspace cs is given twice", "--workspace", "cs=http://h:1", "--workspace", "cs=http://h:2");
    }

    @Test
    void eachContainerChoiceHasItsHostContainer() throws Exception {
        assertThat(HostContainers.forChoice(DemoOptions.Container.JETTY)).isInstanceOf(JettyHostContainer.class);
        assertThat(HostContainers.forChoice(DemoOptions.Container.TOMCAT)).isInstanceOf(TomcatHostContainer.class);
    }

    private static void assertRefused(String message, String... args) {
        assertThatThrownBy(() -> DemoOptions.parse(args)).isInstanceOf(UsageException.class).hasMessageContaining(message);
    }
}
