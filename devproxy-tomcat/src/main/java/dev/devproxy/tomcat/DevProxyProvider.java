package dev.devproxy.tomcat;

import dev.devproxy.DevProxy;
import jakarta.servlet.ServletContext;

/**
 * Supplies the {@link DevProxy} of a web application deployed as a WAR, for example on a standalone
 * Tomcat: implement it in a public class with a public no-argument constructor, put it and the
 * devproxy-tomcat jar in the WAR, and {@link DevProxyInitializer} installs the proxy when the application
 * starts and closes it when the application stops. No {@code web.xml} entry is needed.
 *
 * <pre>{@code
 * public final class IdeTunnel implements DevProxyProvider {
 *     @Override
 *     public DevProxy create(ServletContext servletContext) {
 *         return DevProxy.builder()
 *                 .resolver(new ContainerRegistryResolver())
 *                 .tokens(JwtTokens.hmac(secretFromYourVault()))
 *                 .build();
 *     }
 * }
 * }</pre>
 *
 * <p>Called once per web application start, on the container's deployment thread, before any request is
 * served; it may block. An exception fails the deployment of the web application, which is what a
 * missing secret or an unreachable configuration should do. Several providers in one WAR each install
 * their proxy (give them different prefixes).
 */
@FunctionalInterface
public interface DevProxyProvider {
    /**
     * Builds the proxy for the web application behind {@code servletContext} (read its init parameters
     * or attributes if your configuration lives there).
     *
     * @return the proxy to install, never null
     * @throws Exception to fail the deployment
     */
    DevProxy create(ServletContext servletContext) throws Exception;

    /**
     * Where the proxy's relayed WebSockets are read and written once their handshake is done:
     * {@link TomcatDevProxy.WebSocketIo#RELAY_LOOP} unless overridden. Called once, after {@link #create}.
     */
    default TomcatDevProxy.WebSocketIo webSocketIo() {
        return TomcatDevProxy.WebSocketIo.RELAY_LOOP;
    }
}
