package dev.devproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@link Digests}: the standard digests, the same however often and in whatever order they are taken. */
class DigestsTest {
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sha1AndSha256GiveTheStandardsTestVectorsEachTime() {
        for (int i = 0; i < 3; i++) { // copies of the prototypes, never the prototypes themselves
            assertThat(HexFormat.of().formatHex(Digests.sha1(ABC)))
                    .isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
            assertThat(HexFormat.of().formatHex(Digests.sha256(ABC)))
                    .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        }
    }
}
