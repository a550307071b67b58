package dev.devproxy;

/**
 * Whether a launch link works only in the browser it was issued to.
 *
 * <p>With {@link #BROWSER} (the default), the token endpoint, or {@link DevProxy#issueLaunch(
 * jakarta.servlet.http.HttpServletRequest, jakarta.servlet.http.HttpServletResponse, String, WorkspaceId)}, gives
 * the browser that asked an HttpOnly binding cookie (a random value, {@code __Host-} prefixed when {@code Secure}) and
 * ties the link to it; the bootstrap refuses a link whose browser does not present that cookie. So a link an
 * attacker minted for their own workspace cannot sign a victim into it (login CSRF), and a link that leaks (a chat,
 * a log, a Referer) opens nothing in another browser.
 */
public enum LaunchBinding {
    /** A launch link works only in the browser that asked for it (default). */
    BROWSER,
    /**
     * Launch links are bearer links: whoever opens one first gets the session. Only for launches that no browser
     * asked for, such as a desktop application opening a local entry proxy in the system browser, where the link
     * never crosses a trust boundary.
     */
    NONE
}
