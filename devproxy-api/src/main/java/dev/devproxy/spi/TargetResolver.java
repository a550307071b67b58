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
 * <p><b>Must check the caller.</b> A resolver answers a {@link Target} only if {@code caller.subject()} may use
 * {@code workspace} now (owns it, or it is shared with them), and {@link Optional#empty()} otherwise. devproxy's
 * credential proves who launched which workspace, up to the session's lifetime ago; it does not prove that they
 * still may: the workspace may have been handed to someone else, or the share taken back, since. This check is
 * what makes that take effect on the very next request and WebSocket upgrade.
 *
 * <p><b>Results:</b>
 * <ul>
 *   <li>a {@link Target}: traffic goes there, and only there;</li>
 *   <li>{@link Optional#empty()}: no such workspace, or not this caller's: the browser gets 404 either way, so
 *       "not yours" reveals nothing "does not exist" would not;</li>
 *   <li>an exception: the registry is down: 503 with {@code Retry-After}, logged once as WARN;</li>
 *   <li>{@code null}: a bug in the resolver: 500, logged as WARN naming the implementing class.</li>
 * </ul>
 * There is no default target: devproxy never falls back to localhost or anywhere else.
 *
 * <pre>{@code
 * TargetResolver resolver = (workspace, caller) -> registry.find(workspace.value())
 *         .filter(ws -> ws.owner().equals(caller.subject()))            // not theirs: empty, 404
 *         .map(ws -> Target.strip(URI.create("http://" + ws.address())));
 * }</pre>
 */
@FunctionalInterface
public interface TargetResolver {
    /**
     * Resolves {@code workspace} for {@code caller}.
     *
     * @param workspace the workspace named in the tunnel path
     * @param caller the verified caller; {@code caller.workspace()} equals {@code workspace}
     * @return the target, or empty if the workspace is unknown or {@code caller} may not use it
     * @throws Exception if the registry cannot be reached (answered with 503)
     */
    Optional<Target> resolve(WorkspaceId workspace, Caller caller) throws Exception;
}
