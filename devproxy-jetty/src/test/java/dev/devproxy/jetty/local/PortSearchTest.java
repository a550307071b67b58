package dev.devproxy.jetty.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortSearchTest {

    private static List<Integer> all(PortSearch search) {
        List<Integer> ports = new ArrayList<>();
        for (int port = search.next(); port != -1; port = search.next()) {
            ports.add(port);
        }
        return ports;
    }

    @Test
    void browserBlockedPortsAreNeverOffered() {
        assertThat(all(new PortSearch(5998, 6001, -1, p -> false))).containsExactly(5998, 5999, 6001);
        assertThat(all(new PortSearch(6664, 6670, -1, p -> false))).containsExactly(6664, 6670);
        assertThat(all(new PortSearch(10079, 10081, -1, p -> false))).containsExactly(10079, 10081);
    }

    @Test
    void thePreferredPortComesFirstAndOnlyOnce() {
        assertThat(all(new PortSearch(41000, 41003, 41002, p -> false))).containsExactly(41002, 41000, 41001, 41003);
    }

    @Test
    void portsInUseAreSkippedAndCountedForTheMessage() {
        PortSearch search = new PortSearch(6000, 6003, -1, p -> p == 6001);
        assertThat(all(search)).containsExactly(6002, 6003);
        search.takenByAnotherProcess(6002);
        assertThat(search.describe()).isEqualTo(
                "1 used by other entry proxies, 1 taken by other processes, 1 skipped because browsers block them");
    }
}
