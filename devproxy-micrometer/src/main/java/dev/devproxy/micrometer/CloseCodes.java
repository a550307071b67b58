package dev.devproxy.micrometer;

import dev.devproxy.Failure;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Close codes as tag values from a fixed set. A browser or an upstream may close with any code from 3000 to 4999;
 * counted one by one, a client cycling through them would make two thousand series.
 */
final class CloseCodes {
    // RFC 6455 §7.4.1 and the IANA registry, as far as codes can be exchanged on the wire.
    private static final Set<Integer> REGISTERED = Set.of(1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009,
            1010, 1011, 1012, 1013, 1014, 1015);
    // devproxy's own: 4400, 4401, ... (Failure), named so that dashboards can tell "sign in again" from the rest.
    private static final Set<Integer> DEVPROXY = Stream.of(Failure.values()).map(Failure::closeCode)
            .collect(Collectors.toUnmodifiableSet());

    private CloseCodes() {
    }

    static String tag(int code) {
        if (REGISTERED.contains(code) || DEVPROXY.contains(code)) {
            return Integer.toString(code);
        }
        if (code >= 3000 && code <= 3999) {
            return "3xxx";
        }
        if (code >= 4000 && code <= 4999) {
            return "4xxx";
        }
        return "other";
    }
}
