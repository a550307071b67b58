package dev.devproxy.internal.ws.frames;

/**
 * Internal: not API. The one table that maps a WebSocket close code received from one peer onto a
 * code that may be sent to the other, and bounds the close reason.
 *
 * <p>Codes are defined by RFC 6455 §7.4 and the IANA "WebSocket Close Code Number Registry".
 * Stateless and thread-safe.
 */
public final class CloseCodes {
    /** Normal closure. */
    public static final int NORMAL = 1000;
    /** Protocol error: the fallback for codes that must not be echoed. */
    public static final int PROTOCOL_ERROR = 1002;
    /** Internal error: the fallback for failures of the other leg. */
    public static final int INTERNAL_ERROR = 1011;

    /** RFC 6455 §5.5: a control frame carries at most 125 bytes, 2 of which are the code. */
    public static final int MAX_REASON_BYTES = 123;

    private CloseCodes() {
    }

    /**
     * The code to send to a peer after {@code received} came from the other one. Sendable codes are
     * returned unchanged; the result is always {@linkplain #isSendable sendable}.
     */
    public static int toSendable(int received) {
        if (isSendable(received)) {
            return received;
        }
        return switch (received) {
            // 1005 "no status received" must never be sent (RFC 6455 §7.4.1); the peer closed cleanly.
            case 1005 -> NORMAL;
            // 1006 "abnormal closure" is never on the wire (RFC 6455 §7.4.1): the other leg broke.
            case 1006 -> INTERNAL_ERROR;
            // 1014 "bad gateway" (IANA): Jakarta's CloseCodes.getCloseCode(1014) throws, and not
            // every container sends it.
            case 1014 -> INTERNAL_ERROR;
            // 1015 "TLS handshake failure" is never on the wire (RFC 6455 §7.4.1): the other leg broke.
            case 1015 -> INTERNAL_ERROR;
            // 1004 is reserved, 1016-2999 are reserved for the protocol, and codes outside 1000-4999
            // are invalid (RFC 6455 §7.4.2).
            default -> PROTOCOL_ERROR;
        };
    }

    /**
     * Whether {@code code} may be sent in a close frame by devproxy: 1000-1003, 1007-1013 and the
     * application ranges 3000-4999 (RFC 6455 §7.4).
     */
    public static boolean isSendable(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1013)
                || (code >= 3000 && code <= 4999);
    }

    /**
     * {@code reason} cut to at most {@link #MAX_REASON_BYTES} UTF-8 bytes, never inside a character
     * or a surrogate pair; null becomes {@code ""}. A lone surrogate counts as 3 bytes, the most any
     * encoder writes for it.
     */
    public static String truncateReason(String reason) {
        if (reason == null) {
            return "";
        }
        int bytes = 0;
        int index = 0;
        while (index < reason.length()) {
            int codePoint = reason.codePointAt(index);
            int size = utf8Length(codePoint);
            if (bytes + size > MAX_REASON_BYTES) {
                return reason.substring(0, index);
            }
            bytes += size;
            index += Character.charCount(codePoint);
        }
        return reason;
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }
}
