package dev.devproxy.internal.ws.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.SoftAssertions;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloseCodesTest {

    @Test
    void everyCodeMapsToASendableOneAndSendableCodesAreUnchanged() {
        SoftAssertions softly = new SoftAssertions();
        for (int code = -1; code < 6000; code++) {
            int sendable = CloseCodes.toSendable(code);
            softly.assertThat(CloseCodes.isSendable(sendable)).as("toSendable(%d) = %d", code, sendable).isTrue();
            if (CloseCodes.isSendable(code)) {
                softly.assertThat(sendable).as("sendable %d", code).isEqualTo(code);
            }
        }
        softly.assertAll();
    }

    @Test
    void extremeValuesBecomeProtocolError() {
        assertThat(CloseCodes.toSendable(Integer.MIN_VALUE)).isEqualTo(1002);
        assertThat(CloseCodes.toSendable(Integer.MAX_VALUE)).isEqualTo(1002);
    }

    @Test
    void everyResultIsTransmittableByJettysWebSocketClient() {
        // Jetty silently sends an empty close frame (seen as 1005) for a code it cannot transmit.
        for (int code = -1; code < 6000; code++) {
            int sendable = CloseCodes.toSendable(code);
            assertThat(CloseStatus.isTransmittableStatusCode(sendable)).as("toSendable(%d) = %d", code, sendable)
                    .isTrue();
        }
    }

    @Test
    void everyResultIsAcceptedByTomcatsStricterGetCloseCode() {
        // Tomcat bundles its own jakarta.websocket.CloseReason, whose getCloseCode throws for anything
        // but 1000-1013, 1015 and 3000-4999 (1014 included); the Eclipse API jar 2.1.1 is more lenient.
        for (int code = -1; code < 6000; code++) {
            int sendable = CloseCodes.toSendable(code);
            boolean accepted = (sendable >= 1000 && sendable <= 1013) || sendable == 1015
                    || (sendable >= 3000 && sendable <= 4999);
            assertThat(accepted).as("toSendable(%d) = %d", code, sendable).isTrue();
        }
    }

    @Test
    void everyResultIsAcceptedByJakartaWebSocket() throws ReflectiveOperationException {
        // Looked up reflectively: since Jakarta WebSocket 2.1 CloseReason lives in jakarta.websocket-client-api,
        // which jakarta.websocket-api only declares as provided, so it is not on this module's classpath yet;
        // the test runs by itself once it is.
        Method getCloseCode;
        try {
            getCloseCode = Class.forName("jakarta.websocket.CloseReason$CloseCodes")
                    .getMethod("getCloseCode", int.class);
        } catch (ClassNotFoundException e) {
            abort("jakarta.websocket-client-api is not on the test classpath; add it (provided) to run this check");
            return;
        }
        for (int code = -1; code < 6000; code++) {
            int sendable = CloseCodes.toSendable(code);
            try {
                assertThat(getCloseCode.invoke(null, sendable)).isNotNull();
            } catch (InvocationTargetException e) {
                throw new AssertionError("getCloseCode(toSendable(" + code + ") = " + sendable + ") threw",
                        e.getCause());
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1000, 1000", "1001, 1001", "1002, 1002", "1003, 1003",
        "1004, 1002", "1005, 1000", "1006, 1011",
        "1007, 1007", "1008, 1008", "1009, 1009", "1010, 1010", "1011, 1011", "1012, 1012", "1013, 1013",
        "1014, 1011", "1015, 1011", "1016, 1002", "2999, 1002",
        "3000, 3000", "4000, 4000", "4410, 4410", "4999, 4999",
        "0, 1002", "999, 1002", "-1, 1002", "5000, 1002", "65535, 1002"})
    void mapsEachCodeAsTheTableSays(int received, int sent) {
        assertThat(CloseCodes.toSendable(received)).isEqualTo(sent);
    }

    @ParameterizedTest(name = "{0}: sendable {1}")
    @CsvSource({"999, false", "1000, true", "1003, true", "1004, false", "1005, false", "1006, false",
        "1007, true", "1013, true", "1014, false", "1015, false", "1016, false", "2999, false",
        "3000, true", "4999, true", "5000, false"})
    void knowsWhichCodesMayBeSent(int code, boolean sendable) {
        assertThat(CloseCodes.isSendable(code)).isEqualTo(sendable);
    }

    @Test
    void nullReasonBecomesEmpty() {
        assertThat(CloseCodes.truncateReason(null)).isEmpty();
    }

    @Test
    void shortReasonsAreKept() {
        String exactly123 = "a".repeat(123);

        assertThat(CloseCodes.truncateReason("")).isEmpty();
        assertThat(CloseCodes.truncateReason("going away")).isEqualTo("going away");
        assertThat(CloseCodes.truncateReason(exactly123)).isSameAs(exactly123);
    }

    @ParameterizedTest(name = "{0}-byte character after {1} ASCII bytes keeps {2} characters")
    @CsvSource({
        // ASCII: cut exactly at 123
        "1, 122, 123",
        "1, 123, 123",
        // 2-byte é: fits when it ends at 123, dropped when it would end at 124
        "2, 121, 122",
        "2, 122, 122",
        // 3-byte €
        "3, 120, 121",
        "3, 121, 121",
        "3, 122, 122",
        // 4-byte 😀 (a surrogate pair: two chars)
        "4, 119, 121",
        "4, 120, 120",
        "4, 122, 122"})
    void longReasonsAreCutAt123BytesOnACharacterBoundary(int characterBytes, int asciiBefore, int expectedChars) {
        String character = switch (characterBytes) {
            case 1 -> "a";
            case 2 -> "é";
            case 3 -> "€";
            default -> "😀";
        };
        String reason = "a".repeat(asciiBefore) + character + "tail that overflows";

        String truncated = CloseCodes.truncateReason(reason);

        assertThat(truncated).hasSize(expectedChars);
        assertThat(truncated.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(reason).startsWith(truncated);
        assertThat(Character.isHighSurrogate(truncated.charAt(truncated.length() - 1))).isFalse();
    }

    @Test
    void aReasonOfOnlyMultiByteCharactersStaysValidUtf8() {
        String emoji = "😀".repeat(40);
        String accents = "é".repeat(70);

        assertThat(CloseCodes.truncateReason(emoji)).isEqualTo("😀".repeat(30));
        assertThat(CloseCodes.truncateReason(accents)).isEqualTo("é".repeat(61));
    }

    @Test
    void aLoneSurrogateCountsAsThreeBytes() {
        String reason = "a".repeat(120) + "\uD800" + "b";

        assertThat(CloseCodes.truncateReason(reason)).isEqualTo("a".repeat(120) + "\uD800");
        assertThat(CloseCodes.truncateReason("a".repeat(121) + "\uDC00")).isEqualTo("a".repeat(121));
    }
}
