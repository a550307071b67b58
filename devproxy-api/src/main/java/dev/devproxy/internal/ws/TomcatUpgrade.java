package dev.devproxy.internal.ws;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.eclipse.jetty.io.ByteBufferPool;

/**
 * Internal: not API. Whether the byte relay takes a browser's connection over on Tomcat through Tomcat's own
 * upgrade interface ({@link TomcatUpgradedBrowser}) rather than the Servlet API's ({@link UpgradedBrowser}). The
 * Tomcat adapter asks for it by setting the servlet context attribute {@link #ATTRIBUTE}; without the adapter, or
 * where Tomcat's interface is missing, the Servlet API's upgrade is used. Tomcat classes are touched only through
 * this class, and only once {@link #applies} said yes.
 */
public final class TomcatUpgrade {
    /** The servlet context attribute (any value) with which the Tomcat adapter asks for Tomcat's own upgrade. */
    public static final String ATTRIBUTE = "dev.devproxy.internal.ws.TomcatUpgrade";

    private static final boolean TOMCAT_INTERFACE = present("org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler");

    private TomcatUpgrade() {
    }

    /** Whether {@code request} came through the Tomcat adapter, on a Tomcat that has the interface. */
    static boolean applies(HttpServletRequest request) {
        return TOMCAT_INTERFACE && request.getServletContext().getAttribute(ATTRIBUTE) != null;
    }

    /** Upgrades {@code request} (its 101 already set) to a {@link TomcatUpgradedBrowser} of {@code relay}. */
    static void upgrade(HttpServletRequest request, ByteRelay relay, ByteBufferPool pool)
            throws IOException, ServletException {
        request.upgrade(TomcatUpgradedBrowser.class).bind(relay, pool);
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
