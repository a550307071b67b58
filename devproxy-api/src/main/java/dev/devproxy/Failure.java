package dev.devproxy;

/**
 * The one failure vocabulary of devproxy: every refusal, on HTTP or WebSocket, is one of these.
 *
 * <p>Each constant carries the HTTP status sent before any upgrade and the WebSocket close code sent
 * when the connection is already open (or when the proxy is configured to accept-then-close). The
 * application close codes {@code 4xxx} mirror the HTTP status ({@code 4401} = 401), so a browser
 * client can tell "log in again" ({@code 4401}) from "try again later" ({@code 4503}).
 *
 * <table>
 *   <caption>Failures</caption>
 *   <tr><th>constant</th><th>HTTP</th><th>close code</th><th>when</th></tr>
 *   <tr><td>BAD_REQUEST</td><td>400</td><td>4400</td><td>ambiguous path, malformed handshake, bad return path</td></tr>
 *   <tr><td>UNAUTHENTICATED</td><td>401</td><td>4401</td><td>credential missing, invalid, expired or for another workspace</td></tr>
 *   <tr><td>FORBIDDEN</td><td>403</td><td>4403</td><td>cross-origin WebSocket, launch not authorised</td></tr>
 *   <tr><td>NOT_FOUND</td><td>404</td><td>4404</td><td>unknown workspace</td></tr>
 *   <tr><td>METHOD_NOT_ALLOWED</td><td>405</td><td>4405</td><td>wrong method on the token or bootstrap route; TRACE on the tunnel</td></tr>
 *   <tr><td>WORKSPACE_CLOSED</td><td>410</td><td>4410</td><td>{@code DevProxy.closeWorkspace} cut the workspace's sockets</td></tr>
 *   <tr><td>TOO_MANY_REQUESTS</td><td>429</td><td>1013</td><td>a limit of {@code Limits} was reached (sent with {@code Retry-After})</td></tr>
 *   <tr><td>INTERNAL_ERROR</td><td>500</td><td>4500</td><td>an SPI broke its contract (returned null)</td></tr>
 *   <tr><td>UPSTREAM_UNAVAILABLE</td><td>502</td><td>4502</td><td>upstream refused or reset, answered a handshake with neither 101 nor a 4xx, or broke HTTP</td></tr>
 *   <tr><td>SERVICE_UNAVAILABLE</td><td>503</td><td>4503</td><td>the registry or another SPI is down (sent with {@code Retry-After})</td></tr>
 *   <tr><td>UPSTREAM_TIMEOUT</td><td>504</td><td>4504</td><td>upstream did not connect or answer in time</td></tr>
 *   <tr><td>SHUTTING_DOWN</td><td>503</td><td>1001</td><td>the proxy is stopping</td></tr>
 * </table>
 */
public enum Failure {
    /** The request was malformed or ambiguous. */
    BAD_REQUEST(400, 4400, "Bad request", "The request was malformed."),
    /** No valid credential for this workspace. */
    UNAUTHENTICATED(401, 4401, "Sign-in required",
            "Your session for this workspace is missing or has expired. Go back to the application and open the IDE again."),
    /** The caller is known but not allowed. */
    FORBIDDEN(403, 4403, "Forbidden", "You are not allowed to open this."),
    /** No such workspace. */
    NOT_FOUND(404, 4404, "Not found", "There is no such workspace."),
    /** Wrong HTTP method for this route. */
    METHOD_NOT_ALLOWED(405, 4405, "Method not allowed", "This address does not accept that method."),
    /** The workspace's live connections were closed on purpose. */
    WORKSPACE_CLOSED(410, 4410, "Workspace closed", "This workspace was stopped or access was revoked."),
    /** A limit of the proxy was reached; the close code is the registered "try again later" (RFC 6455 §7.4.1). */
    TOO_MANY_REQUESTS(429, 1013, "Too many connections", "Too many connections are open. Try again shortly."),
    /** An SPI broke its contract. */
    INTERNAL_ERROR(500, 4500, "Internal error", "Something went wrong inside the proxy."),
    /** The upstream refused, reset, or rejected the connection. */
    UPSTREAM_UNAVAILABLE(502, 4502, "Workspace unreachable", "The workspace is not answering. It may still be starting."),
    /** The registry or another SPI is down. */
    SERVICE_UNAVAILABLE(503, 4503, "Temporarily unavailable", "The workspace directory is unavailable. Try again shortly."),
    /** The upstream did not connect or answer in time. */
    UPSTREAM_TIMEOUT(504, 4504, "Workspace timed out", "The workspace took too long to answer."),
    /** The proxy is shutting down. */
    SHUTTING_DOWN(503, 1001, "Shutting down", "The server is restarting. Try again shortly.");

    private final int httpStatus;
    private final int closeCode;
    private final String title;
    private final String message;

    Failure(int httpStatus, int closeCode, String title, String message) {
        this.httpStatus = httpStatus;
        this.closeCode = closeCode;
        this.title = title;
        this.message = message;
    }

    /** The HTTP status sent for this failure. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The WebSocket close code sent for this failure on an open connection. */
    public int closeCode() {
        return closeCode;
    }

    /** A short title safe to show a browser user. */
    public String title() {
        return title;
    }

    /** One sentence safe to show a browser user: no addresses, no internals. */
    public String message() {
        return message;
    }
}
