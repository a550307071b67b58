package dev.devproxy.internal.ws;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.eclipse.jetty.client.HttpClient;

/**
 * Internal: not API. Whether the byte relay takes a browser's connection over on Tomcat through Tomcat's own
 * upgrade interface ({@link TomcatUpgradedBrowser}) rather than the Servlet API's ({@link UpgradedBrowser}), and
 * whether it then hands the socket over to the pair's relay loop ({@link TomcatSocketHandover}). The
 * Tomcat adapter asks for it by setting the servlet context attribute {@link #ATTRIBUTE} to {@link #HAND_OVER} or
 * {@link #TOMCAT_IO}; without the adapter, or where Tomcat's interface is missing, the Servlet API's upgrade is used.
 * Tomcat classes are touched only through this class, and only once {@link #applies} said yes.
 */
public final class TomcatUpgrade {
    /** The servlet context attribute with which the Tomcat adapter asks for Tomcat's own upgrade. */
    public static final String ATTRIBUTE = "dev.devproxy.internal.ws.TomcatUpgrade";

    /** {@link #ATTRIBUTE}'s value for Tomcat's own upgrade, with plain NIO sockets handed over to the relay loop. */
    public static final String HAND_OVER = "hand-over";

    /** {@link #ATTRIBUTE}'s value for Tomcat's own upgrade, with every socket read and written through Tomcat. */
    public static final String TOMCAT_IO = "tomcat-io";

    private static final boolean TOMCAT_INTERFACE = present("org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler");

    private TomcatUpgrade() {
    }

    /** Whether {@code request} came through the Tomcat adapter, on a Tomcat that has the interface. */
    static boolean applies(HttpServletRequest request) {
        return TOMCAT_INTERFACE && request.getServletContext().getAttribute(ATTRIBUTE) != null;
    }

    /**
     * Upgrades {@code request} (its 101 already set) to a {@link TomcatUpgradedBrowser} of {@code relay}, whose
     * socket moves to the relay loop if the adapter asked for that.
     */
    static void upgrade(HttpServletRequest request, ByteRelay relay, HttpClient client)
            throws IOException, ServletException {
        boolean handOver = HAND_OVER.equals(request.getServletContext().getAttribute(ATTRIBUTE));
        request.upgrade(TomcatUpgradedBrowser.class).bind(relay, client, handOver);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, TomcatUpgrade.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
