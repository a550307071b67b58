package dev.devproxy.spi;

import dev.devproxy.Caller;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import java.util.Optional;

/**
 * Maps a workspace to the container that serves it. The one SPI every integrator implements.
 *
 * <p><b>When:</b> once per tunnel request and once per WebSocket upgrade, always <em>after</em> the
 * caller's credential for {@code workspace} was verified; never for unauthenticated requests.
 * <b>Thread:</b> a container request thread; it may block (a database or Redis lookup), but every
 * millisecond spent here delays the request, so cache briefly if the registry is remote.
 *
 * <p><b>Results:</b>
 * <ul>
 *   <li>a {@link Target}: traffic goes there, and only there;</li>
 *   <li>{@link Optional#empty()}: no such workspace (or not this caller's): the browser gets 404;</li>
 *   <li>an exception: the registry is down: 503 with {@code Retry-After}, logged once as WARN;</li>
 *   <li>{@code null}: a bug in the resolver: 500, logged as WARN naming the implementing class.</li>
 * </ul>
 * There is no default target: devproxy never falls back to localhost or anywhere else.
 *
 * <pre>{@code
 * TargetResolver resolver = (workspace, caller) ->
 *         registry.addressOf(workspace.value()).map(addr -> Target.strip(URI.create("http://" + addr)));
 * }</pre>
 */
@FunctionalInterface
public interface TargetResolver {
    /**
     * Resolves {@code workspace} for {@code caller}.
     *
     * @param workspace the workspace named in the tunnel path
     * @param caller the verified caller; {@code caller.workspace()} equals {@code workspace}
     * @return the target, or empty if the workspace is unknown
     * @throws Exception if the registry cannot be reached (answered with 503)
     */
    Optional<Target> resolve(WorkspaceId workspace, Caller caller) throws Exception;
}
