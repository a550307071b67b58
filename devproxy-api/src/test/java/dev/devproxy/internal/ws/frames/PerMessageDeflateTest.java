package dev.devproxy.internal.ws.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.internal.ws.bytes.ByteTunnel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PerMessageDeflateTest {
    @Test
    void onlyTheBrowsersPermessageDeflateOffersGoUpstreamInItsOrder() {
        assertThat(PerMessageDeflate.offer(List.of("permessage-deflate; client_max_window_bits, x-webkit-deflate-frame",
                "Permessage-Deflate; server_no_context_takeover"))).contains(
                "permessage-deflate; client_max_window_bits, Permessage-Deflate; server_no_context_takeover");
        assertThat(PerMessageDeflate.offer(List.of("x-webkit-deflate-frame"))).isEmpty();
        assertThat(PerMessageDeflate.offer(List.of())).isEmpty();
    }

    @Test
    void anAnswerAgreesToPermessageDeflateWithItsParameters() throws Exception {
        assertThat(PerMessageDeflate.answer(null, true)).isEmpty();
        assertThat(PerMessageDeflate.answer("", false)).isEmpty();
        assertThat(PerMessageDeflate.answer("permessage-deflate", true))
                .contains(new PerMessageDeflate.Agreed(false));
        assertThat(PerMessageDeflate.answer("permessage-deflate; client_no_context_takeover; server_max_window_bits=10;"
                + " client_max_window_bits=\"15\"", true)).contains(new PerMessageDeflate.Agreed(true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-webkit-deflate-frame", "permessage-deflate, permessage-deflate",
        "permessage-deflate; unknown", "permessage-deflate; client_max_window_bits=16",
        "permessage-deflate; server_max_window_bits", "permessage-deflate; client_no_context_takeover=1",
        "permessage-deflate; client_no_context_takeover; client_no_context_takeover"})
    void anAnswerThatAgreesToWhatWasNotOfferedOrIsMalformedIsARefusal(String answer) {
        assertThatThrownBy(() -> PerMessageDeflate.answer(answer, true)).isInstanceOf(ByteTunnel.Refused.class);
    }

    @Test
    void anyExtensionInTheAnswerIsARefusalWhenNothingWasOffered() {
        assertThatThrownBy(() -> PerMessageDeflate.answer("permessage-deflate", false))
                .isInstanceOf(ByteTunnel.Refused.class);
    }
}
