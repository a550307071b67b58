package dev.devproxy.adapter;

/** A browser socket the engine has adopted ({@link BrowserSide#adopt}), as the adapter that handed it over sees it. */
public interface AdoptedSocket {
    /** Starts relaying: the socket joins the relay loop. Call it once the container has let go of the socket. */
    void open();

    /**
     * The container closed the connection first (its connector stops): the pair ends. Idempotent, and a no-op once
     * the engine closed the socket itself.
     */
    void ended();
}
