package dev.devproxy.examples.demo.workspaces;

import dev.devproxy.examples.demo.Json;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of the shared scratchpad: one text, a revision number, and the editors connected over
 * WebSocket. Every edit is broadcast to every editor, the sender included, so each browser sees its own
 * keystrokes come back through the tunnel and everybody else's arrive.
 *
 * <p>Wire format: the browser sends {@code "<seq>\n<text>"}; the server sends JSON
 * {@code {"type":"state","rev":..,"text":..,"editors":..,"by":..,"seq":..}}, and on connect
 * {@code {"type":"hello","you":..}} first.
 */
final class Scratchpad {
    private final Set<Session> editors = ConcurrentHashMap.newKeySet();
    private String text = "Type here. Open this workspace in a second tab: the text travels both ways over one WebSocket each.";
    private long revision;

    /** A new endpoint instance for one editor's socket. */
    Endpoint newEndpoint() {
        return new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, message -> edit(session, message));
                send(session, "{\"type\":\"hello\",\"you\":" + Json.string(session.getId()) + "}");
                editors.add(session);
                broadcast(null, -1);
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                editors.remove(session);
                broadcast(null, -1);
            }
        };
    }

    private void edit(Session from, String message) {
        int newline = message.indexOf('\n');
        long seq;
        try {
            seq = Long.parseLong(message.substring(0, Math.max(newline, 0)));
        } catch (NumberFormatException e) {
            return;                                      // not our client: ignore rather than guess
        }
        synchronized (this) {
            text = message.substring(newline + 1);
            revision++;
        }
        broadcast(from, seq);
    }

    private synchronized void broadcast(Session by, long seq) {
        String state = "{\"type\":\"state\",\"rev\":" + revision + ",\"text\":" + Json.string(text)
                + ",\"editors\":" + editors.size() + ",\"by\":" + (by == null ? "null" : Json.string(by.getId()))
                + ",\"seq\":" + seq + "}";
        for (Session editor : editors) {
            send(editor, state);
        }
    }

    private void send(Session session, String message) {
        // One blocking send at a time per session: Jakarta forbids overlapping sends on one RemoteEndpoint.
        synchronized (session) {
            try {
                if (session.isOpen()) {
                    session.getBasicRemote().sendText(message);
                }
            } catch (IOException | IllegalStateException e) {
                editors.remove(session);                 // the browser went away; its close event follows
            }
        }
    }
}
