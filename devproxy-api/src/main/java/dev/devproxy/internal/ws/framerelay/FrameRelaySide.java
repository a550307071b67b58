package dev.devproxy.internal.ws.framerelay;

/**
 * Internal: not API. One side of a {@link FrameRelay}: its session once the side is open, and until then the close
 * that must meet it as it opens. A close and an open racing (a shutdown or revocation while the pair is being
 * set up) must neither leave the side open nor close it with a code that was not decided yet.
 *
 * @param <S> the side's session type (Jetty's client session upstream, the Jakarta session of the browser)
 */
final class FrameRelaySide<S> {
    /** A close kept for a side that was not open yet. */
    record Close(int code, String reason) {
    }

    private volatile S session;
    private Close pending; // guarded by this

    /** Records the open session; returns the close kept for it, or null if there is none. */
    synchronized Close opened(S session) {
        this.session = session;
        return pending;
    }

    /** The open session, or null while the side is still opening. */
    S session() {
        return session;
    }

    /** The session to close now; or null, and the close is kept until the side {@linkplain #opened opens}. */
    synchronized S closeOrKeep(int code, String reason) {
        if (session == null) {
            pending = new Close(code, reason);
        }
        return session;
    }
}
