package dev.devproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TunnelPathTest {

    @Test
    void aTunnelPathNamesTheWorkspaceAndKeepsTheRawRest() {
        TunnelPath path = TunnelPath.parse("/ctx/__ide/ws-1/static/a%20b.js", "/ctx", "/__ide");
        assertThat(path.kind()).isEqualTo(TunnelPath.Kind.TUNNEL);
        assertThat(path.workspace().value()).isEqualTo("ws-1");
        assertThat(path.rest()).isEqualTo("/static/a%20b.js");
        assertThat(path.tunnelBase()).isEqualTo("/ctx/__ide/ws-1");
    }

    @Test
    void theWorkspaceRootWithoutSlashAsksForARedirect() {
        TunnelPath path = TunnelPath.parse("/__ide/ws-1", "", "/__ide");
        assertThat(path.kind()).isEqualTo(TunnelPath.Kind.ADD_SLASH);
        assertThat(path.tunnelBase()).isEqualTo("/__ide/ws-1");
    }

    @Test
    void theWorkspaceRootIsATunnelRequestForSlash() {
        assertThat(TunnelPath.parse("/__ide/ws-1/", "", "/__ide").rest()).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/__ide", "/__ide/", "/__idea/x/", "/__ide/-x/", "/__ide/a%20b/", "/__ide/%61/", "/other"})
    void pathsWithoutAValidWorkspaceAreNotFound(String uri) {
        assertThat(TunnelPath.parse(uri, "", "/__ide").kind()).isEqualTo(TunnelPath.Kind.NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/__ide/a/../b/", "/__ide/a/%2e%2e/b/", "/__ide/a/%2E./b", "/__ide/a/./x", "/__ide/a/%2fb",
        "/__ide/a/%5Cb", "/__ide/a/x\\y", "/__ide/a;p=1/x", "/__ide/a/x;jsessionid=1", "/__ide/a/%00", "/__ide/a/..",
        "/__ide/../a/", "/__ide/a/%2F", "/__ide/a/%5c", "/__ide/a/x%%2fy", "/__ide/a/.%2E/b", "/__ide/a/%2e",
        "/__ide/a/%2E%2e", "/__ide/a/b/."})
    void ambiguousPathsAreRefused(String uri) {
        assertThat(TunnelPath.parse(uri, "", "/__ide").kind()).isEqualTo(TunnelPath.Kind.AMBIGUOUS);
    }

    @Test
    void dotsInsideSegmentsAreFine() {
        assertThat(TunnelPath.parse("/__ide/a/x..y/.hidden/v1.2", "", "/__ide").kind()).isEqualTo(TunnelPath.Kind.TUNNEL);
        for (String rest : new String[] {"/...", "/%2ex", "/%252e", "/x%2", "/x%2e%2e%2e", "/%2e%2e.", "/a%20b", "/%2"}) {
            assertThat(TunnelPath.parse("/__ide/a" + rest, "", "/__ide").kind()).as(rest).isEqualTo(TunnelPath.Kind.TUNNEL);
        }
    }

    @Test
    void aRootWorkspaceOwnsEveryPathOfItsContext() {
        TunnelPath path = TunnelPath.root("/static/app.js", "", dev.devproxy.WorkspaceId.of("ws-1"));
        assertThat(path.kind()).isEqualTo(TunnelPath.Kind.TUNNEL);
        assertThat(path.rest()).isEqualTo("/static/app.js");
        assertThat(path.tunnelBase()).isEmpty();
        assertThat(TunnelPath.root("/a/../b", "", dev.devproxy.WorkspaceId.of("ws-1")).kind())
                .isEqualTo(TunnelPath.Kind.AMBIGUOUS);
        assertThat(TunnelPath.root("/ctx", "/ctx", dev.devproxy.WorkspaceId.of("ws-1")).kind())
                .isEqualTo(TunnelPath.Kind.ADD_SLASH);
    }
}
