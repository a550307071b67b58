package dev.devproxy.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {
    private final TrustedProxies trusted = TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1"));

    @ParameterizedTest
    @CsvSource({
        "10.1.2.3, true", "11.0.0.1, false", "192.168.1.7, true", "192.168.1.8, false",
        "fd12::1, true", "fe80::1, false", "0:0:0:0:0:0:0:1, true", "[::1], true",
        "::ffff:10.0.0.1, true", "proxy.example.com, false", "'', false"})
    void onlyTheConfiguredAddressesAndBlocksAreTrusted(String remote, boolean expected) {
        assertThat(trusted.trusts(remote)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.example.com", "10.0.0.0/33", "256.1.1.1", "10.0.0.0/x", "fd00::/129", ""})
    void valuesThatAreNoAddressOrBlockAreRefused(String value) {
        assertThatThrownBy(() -> TrustedProxies.of(List.of(value))).hasMessageContaining("trustedProxies");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void noOneIsTrustedByDefault(String remote) {
        assertThat(TrustedProxies.NONE.trusts(remote)).isFalse();
    }
}
