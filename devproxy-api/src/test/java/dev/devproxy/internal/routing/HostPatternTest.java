package dev.devproxy.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.WorkspaceId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPatternTest {
    private final HostPattern subdomain = HostPattern.parse("{id}.ide.example.com");
    private final HostPattern singleLabel = HostPattern.parse("{id}--ide.Example.com:8443");

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        // host, label (null: not a workspace host), routable id (null: never routed)
        "ws1.ide.example.com, ws1, ws1",
        "WS1.IDE.Example.COM, ws1, ws1",
        "a-b-7.ide.example.com, a-b-7, a-b-7",
        "a.b.ide.example.com, a.b, null",
        "bad_id.ide.example.com, bad_id, null",
        "-x.ide.example.com, -x, null",
        "x-.ide.example.com, x-, null",
        ".ide.example.com, '', null",
        "ide.example.com, null, null",
        "app.example.com, null, null",
        "ws1.ide.example.com.evil.net, null, null",
        "evilide.example.com, null, null"})
    void eachHostOfThePatternsShapeIsAWorkspaceHostRoutedOnlyWithADnsLabel(String host, String label, String id) {
        assertThat(subdomain.labelOf(host)).isEqualTo(Optional.ofNullable(label));
        assertThat(subdomain.labelOf(host).flatMap(subdomain::workspaceOf).map(WorkspaceId::value))
                .isEqualTo(Optional.ofNullable(id));
    }

    @Test
    void theSingleLabelFormKeepsTheWholeFirstLabelWithin63Characters() {
        assertThat(singleLabel.labelOf("ws1--ide.example.com")).contains("ws1");
        assertThat(singleLabel.labelOf("ws1.ide.example.com")).isEmpty();
        assertThat(singleLabel.workspaceOf("x".repeat(58))).isPresent();
        assertThat(singleLabel.workspaceOf("x".repeat(59))).as("64 characters with --ide").isEmpty();
        assertThat(singleLabel.hostOf(WorkspaceId.of("ws1"))).isEqualTo("ws1--ide.example.com");
        assertThat(singleLabel.port()).isEqualTo(8443);
        assertThat(subdomain.port()).isEqualTo(-1);
    }

    @Test
    void workspaceIdsThatAreNoDnsLabelHaveNoHost() {
        assertThat(subdomain.routes(WorkspaceId.of("Upper"))).isFalse();
        assertThat(subdomain.routes(WorkspaceId.of("a.b"))).isFalse();
        assertThatThrownBy(() -> subdomain.hostOf(WorkspaceId.of("a_b"))).hasMessageContaining("not a DNS label");
    }
}
