package dev.devproxy.internal.ws.frames;

import dev.devproxy.internal.ws.bytes.ByteTunnel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Internal: not API. {@code permessage-deflate} (RFC 7692) as far as the byte relay must know it: which of the
 * browser's extension offers go upstream, and what the upstream's answer agreed to, which the relay must know to tell
 * a compressed frame from a broken one and to count what a compressed message inflates to.
 */
public final class PerMessageDeflate {
    static final String NAME = "permessage-deflate";

    /** What the upstream agreed to: whether the browser starts each message with an empty window. */
    public record Agreed(boolean clientNoContextTakeover) {
    }

    private PerMessageDeflate() {
    }

    /**
     * The browser's {@code permessage-deflate} offers (RFC 7692 §5), in its order of preference, as one header value;
     * empty if it made none. Offers of other extensions are dropped: the relay could not tell their frames from broken
     * ones.
     */
    public static Optional<String> offer(List<String> sentByBrowser) {
        List<String> offers = new ArrayList<>();
        for (String value : sentByBrowser) {
            for (String extension : value.split(",")) {
                if (name(extension).equals(NAME)) {
                    offers.add(extension.trim());
                }
            }
        }
        return offers.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", offers));
    }

    /**
     * What the upstream's {@code Sec-WebSocket-Extensions} answer agreed to: empty for none, else one
     * {@code permessage-deflate} with the parameters RFC 7692 §7.1 allows a server, each at most once.
     *
     * @param answer the answer's header value, or null
     * @param offered whether the browser's offer went upstream
     * @throws ByteTunnel.Refused if the answer agrees to what was not offered or is malformed: a client must fail the
     *     connection then (RFC 6455 §4.1, RFC 7692 §5)
     */
    public static Optional<Agreed> answer(String answer, boolean offered) throws ByteTunnel.Refused {
        if (answer == null || answer.isBlank()) {
            return Optional.empty();
        }
        String[] extensions = answer.split(",");
        if (!offered || extensions.length != 1 || !name(extensions[0]).equals(NAME)) {
            throw new ByteTunnel.Refused("the upstream agreed to an extension that was not offered");
        }
        Set<String> seen = new HashSet<>();
        String[] parts = extensions[0].split(";");
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
            String value = equals < 0 ? null : parameter.substring(equals + 1).trim().replace("\"", "");
            boolean valid = switch (name) {
                case "server_no_context_takeover", "client_no_context_takeover" -> value == null;
                case "server_max_window_bits", "client_max_window_bits" -> isWindowBits(value);
                default -> false;
            };
            if (!valid || !seen.add(name)) {
                throw new ByteTunnel.Refused("the upstream's permessage-deflate answer is malformed");
            }
        }
        return Optional.of(new Agreed(seen.contains("client_no_context_takeover")));
    }

    private static String name(String extension) {
        int semicolon = extension.indexOf(';');
        return (semicolon < 0 ? extension : extension.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    // RFC 7692 §7.1.2: a decimal 8 to 15, no leading zeros.
    private static boolean isWindowBits(String value) {
        return value != null && value.matches("[89]|1[0-5]");
    }
}
