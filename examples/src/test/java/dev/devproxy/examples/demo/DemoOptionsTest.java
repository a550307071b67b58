package dev.devproxy.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.PathMode;
import dev.devproxy.WorkspaceId;
import java.net.URI;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void noFlagsMeanPort8000OnJettyWithHostRoutingOnLocalhostAndTheBuiltInWorkspaces() throws Exception {
        DemoOptions options = DemoOptions.parse();

        assertThat(options.port()).isEqualTo(8000);
        assertThat(options.container()).isEqualTo(DemoOptions.Container.JETTY);
        assertThat(options.routing()).isEqualTo(DemoOptions.RoutingChoice.HOSTS);
        assertThat(options.domain()).isEqualTo("localhost");
        assertThat(options.workspaces()).isEmpty();
        assertThat(options.help()).isFalse();
        assertThat(options.workspaceUrl(WorkspaceId.of("cs"), 8000)).isEqualTo(URI.create("http://cs.localhost:8000/"));
    }

    @Test
    void pathRoutingPutsEveryWorkspaceUnderThePortalsOrigin() throws Exception {
        DemoOptions options = DemoOptions.parse("--routing", "path");

        assertThat(options.routing()).isEqualTo(DemoOptions.RoutingChoice.PATH);
        assertThat(options.workspaceUrl(WorkspaceId.of("cs"), 8000))
                .isEqualTo(URI.create("http://localhost:8000/__ide/cs/"));
    }

    @Test
    void aDomainUnderLocalhostPutsThePortalAndTheWorkspacesInOneSite() throws Exception {
        DemoOptions options = DemoOptions.parse("--domain=acme.localhost");

        assertThat(options.workspaceUrl(WorkspaceId.of("cs"), 8000))
                .isEqualTo(URI.create("http://cs.acme.localhost:8000/"));
    }

    @Test
    void hostRoutingTakesOnlyWorkspaceIdsThatAreDnsLabelsWhateverTheOrderOfTheFlags() throws Exception {
        assertRefused("--workspace id 'My_WS' must be a DNS label with host routing, since the workspace is served at"
                + " http://My_WS.localhost:PORT/", "--workspace", "My_WS=http://127.0.0.1:8080");
        assertRefused("must be a DNS label", "--workspace", "cs-=http://127.0.0.1:8080", "--routing", "hosts");
        assertRefused("must be a DNS label", "--workspace", "a.b=http://127.0.0.1:8080");

        assertThat(DemoOptions.parse("--workspace", "My_WS=http://127.0.0.1:8080", "--routing", "path").workspaces())
                .extracting(w -> w.id().value()).containsExactly("My_WS");
        assertThat(DemoOptions.parse("--workspace", "ws-1=http://127.0.0.1:8080").workspaces()).hasSize(1);
    }

    @Test
    void flagsTakeTheirValueAfterASpaceOrAnEqualsSign() throws Exception {
        assertThat(DemoOptions.parse("--port", "0").port()).isZero();
        assertThat(DemoOptions.parse("--port=9000").port()).isEqualTo(9000);
        assertThat(DemoOptions.parse("--container=tomcat").container()).isEqualTo(DemoOptions.Container.TOMCAT);
        assertThat(DemoOptions.parse("--help").help()).isTrue();
    }

    @Test
    void whatTheWorkspaceListSaysAboutAnAppNamesNoAddress() throws Exception {
        for (String routing : new String[] {"hosts", "path"}) {
            DemoOptions options = DemoOptions.parse("--routing", routing, "--workspace", "cs=http://10.0.3.17:8080",
                    "--workspace", "nb=http://10.0.3.18:8888,preserve");
            assertThat(options.workspaces()).extracting(DemoWorkspace::description)
                    .allSatisfy(description -> assertThat(description).doesNotContain("10.0.3"));
        }
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
        assertRefused("--routing must be hosts or path, got 'subdomains'", "--routing", "subdomains");
        assertRefused("--domain must be localhost or a name under it", "--domain", "example.com");
        assertRefused("--domain must be localhost or a name under it", "--domain", "Acme.localhost");
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
