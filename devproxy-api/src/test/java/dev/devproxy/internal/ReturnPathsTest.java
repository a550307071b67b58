package dev.devproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReturnPathsTest {
    private static final String ROOT = "/__ide/ws1/";

    @ParameterizedTest
    @ValueSource(strings = {"/__ide/ws1/", "/__ide/ws1/tree?path=a/b", "/__ide/ws1/lab#x", "/__ide/ws1/vnc.html?path=__ide/ws1/websockify"})
    void pathsInsideTheWorkspaceAreAccepted(String path) {
        assertThat(ReturnPaths.staysInside(path, ROOT)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/", "https://evil.example/", "/__ide/ws2/", "/__ide/ws1", "/__ide/ws10/",
        "/__ide/ws1/../ws2/", "/__ide/ws1/%2e%2e/ws2/", "/__ide/ws1/%2F/evil", "/__ide/ws1//evil.example",
        "/__ide/ws1/\\evil.example", "/__ide/ws1/x\r\nSet-Cookie: a=b", "/__ide/ws1/x%0d%0a", "/__ide/ws1/ x",
        "/api/dev/ws1/ide", "/__ide/ws1/%252e%252e/"})
    void pathsThatLeaveTheWorkspaceOrSplitHeadersAreRefused(String path) {
        assertThat(ReturnPaths.staysInside(path, ROOT)).isFalse();
    }
}
