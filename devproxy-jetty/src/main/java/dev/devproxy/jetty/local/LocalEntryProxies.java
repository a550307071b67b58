package dev.devproxy.jetty.local;

import dev.devproxy.CookieSettings;
import dev.devproxy.DevProxy;
import dev.devproxy.HeaderPolicy;
import dev.devproxy.LaunchBinding;
import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.RejectionReason;
import dev.devproxy.spi.VerificationResult;
import dev.devproxy.token.JwtTokens;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode: one loopback entry proxy per workspace, so a desktop or local UI opens each workspace at a
 * plain {@code http://127.0.0.1:<port>/} — no custom host names, no hosts-file edits — while devproxy stays
 * in the path.
 *
 * <pre>{@code
 * LocalEntryProxies entries = LocalEntryProxies.builder()
 *         .ports(41000, 41999)
 *         .tokens(JwtTokens.hmac(secret))
 *         .build();
 * LocalEntry entry = entries.ensure(WorkspaceId.of("ws-1"), Target.strip(URI.create("http://127.0.0.1:8080")));
 * ui.open(entries.launchUrl(entry.workspace(), "alice"));   // http://127.0.0.1:41000/__devproxy/ws-1/ide?token=...
 * ...
 * entries.stop(WorkspaceId.of("ws-1"));                       // the workspace stopped
 * entries.close();                                            // the application exits
 * }</pre>
 *
 * <p>Each entry proxy is the same engine as the remote tunnel, configured for local use: the workspace is
 * served at the root; {@code Host} and {@code Origin} stay the entry origin; no {@code Forwarded} or
 * {@code X-Forwarded-*} headers; code-server's PWA service worker loses {@code Service-Worker-Allowed} so it
 * cannot claim {@code /}; only requests addressed to the entry's own loopback origin are answered (DNS
 * rebinding gets 403); WebSockets only from that origin; and, unless turned off, the same single-use launch
 * token as remote mode, so another local user or a web page cannot drive the IDE.
 *
 * <p>Thread-safe. Holds no static state.
 */
public final class LocalEntryProxies implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.devproxy.local");
    /** The bootstrap prefix inside an entry proxy: a path no IDE uses. */
    public static final String BOOTSTRAP_PREFIX = "/__devproxy";
    /** code-server's PWA service worker, which asks for scope {@code /}. */
    static final String CODE_SERVER_PWA_WORKER = "/out/browser/serviceWorker.js";

    private final int firstPort;
    private final int lastPort;
    private final JwtTokens tokens;
    private final boolean credentialRequired;
    private final byte[] sessionSecret;
    private final Consumer<DevProxy.Builder> customizer;
    private final Map<WorkspaceId, EntryServer> running = new ConcurrentHashMap<>();
    private final Map<WorkspaceId, Object> locks = new ConcurrentHashMap<>();
    private final Set<WorkspaceId> disabled = ConcurrentHashMap.newKeySet();
    private final QueuedThreadPool threads;
    private volatile boolean closed;

    private LocalEntryProxies(Builder builder) {
        this.firstPort = builder.firstPort;
        this.lastPort = builder.lastPort;
        this.tokens = builder.tokens;
        this.credentialRequired = builder.credentialRequired;
        this.customizer = builder.customizer;
        this.sessionSecret = new byte[32];
        new SecureRandom().nextBytes(sessionSecret);
        // One pool for every entry's server: each entry's selector holds one thread of it for as long as the entry
        // runs (hence two per port of the range, the most entries there can be), and requests borrow the rest.
        int ports = lastPort - firstPort + 1;
        this.threads = new QueuedThreadPool((int) Math.min(2L * ports + 32, 1024), 2);
        threads.setName("devproxy-local");
    }

    private synchronized void startThreads() {
        if (closed) {
            throw new IllegalStateException("LocalEntryProxies is closed");
        }
        if (!threads.isStarted()) {
            try {
                threads.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the entry proxies' thread pool", e);
            }
        }
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the entry proxy of {@code workspace}, or returns the running one. Idempotent and safe under
     * concurrent calls: one workspace never gets two entry proxies. An entry that died (a crash, a restart of
     * the host application) is started again here. A new {@code target} for a running entry restarts it,
     * on the same port when possible. When the entry proxy is switched off for the workspace, the result
     * points at the backend directly.
     *
     * @throws IllegalStateException if no port of the range can be bound; the message says why
     */
    public LocalEntry ensure(WorkspaceId workspace, Target target) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(target, "target");
        if (closed) {
            throw new IllegalStateException("LocalEntryProxies is closed");
        }
        if (disabled.contains(workspace)) {
            return new LocalEntry(workspace, target.baseUri().resolve("/"), target, true);
        }
        // One lock per workspace, not the map's: starting a server binds ports and starts threads, which must not
        // hold up other workspaces (a ConcurrentHashMap.compute would block every key of the same bin meanwhile).
        synchronized (lockOf(workspace)) {
            if (closed) {
                throw new IllegalStateException("LocalEntryProxies is closed");
            }
            EntryServer current = running.get(workspace);
            if (current != null && current.isRunning() && current.target().equals(target)) {
                return current.entry();
            }
            int preferred = current == null ? -1 : current.port();
            if (current != null) {
                running.remove(workspace);
                current.stop();
            }
            EntryServer started = start(workspace, target, preferred);
            running.put(workspace, started);
            return started.entry();
        }
    }

    private Object lockOf(WorkspaceId workspace) {
        return locks.computeIfAbsent(workspace, id -> new Object());
    }

    /** The entry of {@code workspace} if its proxy is running. */
    public Optional<LocalEntry> entry(WorkspaceId workspace) {
        EntryServer entry = running.get(workspace);
        return entry != null && entry.isRunning() ? Optional.of(entry.entry()) : Optional.empty();
    }

    /**
     * The URL that opens {@code workspace} for {@code subject}: the entry's bootstrap route with a fresh
     * single-use launch token, or the entry's root when no credential is required (or the backend's, when
     * the entry proxy is switched off).
     *
     * @throws IllegalStateException if the workspace has no entry (call {@link #ensure} first)
     */
    public URI launchUrl(WorkspaceId workspace, String subject) {
        EntryServer entry = running.get(workspace);
        if (entry == null || !entry.isRunning()) {
            throw new IllegalStateException("workspace " + workspace + " has no running entry proxy: call ensure first");
        }
        if (!credentialRequired) {
            return entry.uri();
        }
        return entry.uri().resolve(entry.proxy().issueLaunch(subject, workspace).url());
    }

    /** Stops the entry proxy of {@code workspace} (its workspace stopped). Returns whether one was running. */
    public boolean stop(WorkspaceId workspace) {
        EntryServer entry;
        synchronized (lockOf(workspace)) {
            entry = running.remove(workspace);
            if (entry == null) {
                return false;
            }
            entry.stop();
        }
        LOG.info("entry proxy of workspace {} on port {} stopped", workspace, entry.port());
        return true;
    }

    /**
     * Switches the entry proxy of {@code workspace} on or off. Off stops it, and {@link #ensure} then returns
     * the backend's own address: a rollback, per workspace, to opening the backend directly.
     */
    public void setEnabled(WorkspaceId workspace, boolean enabled) {
        if (enabled) {
            disabled.remove(workspace);
        } else {
            disabled.add(workspace);
            stop(workspace);
        }
    }

    /** The running entries. */
    public List<LocalEntry> entries() {
        List<LocalEntry> entries = new ArrayList<>();
        running.values().stream().filter(EntryServer::isRunning).forEach(e -> entries.add(e.entry()));
        return entries;
    }

    /** Stops every entry proxy: no listener, socket or thread is left behind. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (WorkspaceId workspace : List.copyOf(running.keySet())) {
            stop(workspace);
        }
        synchronized (this) {
            try {
                threads.stop();
            } catch (Exception e) {
                LOG.debug("stopping the entry proxies' thread pool failed: {}", e.toString());
            }
        }
    }

    private EntryServer start(WorkspaceId workspace, Target target, int preferred) {
        startThreads();
        DevProxy proxy = proxyFor(workspace, target);
        PortSearch search = new PortSearch(firstPort, lastPort, preferred, this::inUse);
        for (int port = search.next(); port != -1; port = search.next()) {
            try {
                EntryServer entry = EntryServer.start(workspace, target, proxy, port, threads);
                LOG.info("entry proxy of workspace {} listening on 127.0.0.1:{}", workspace, port);
                return entry;
            } catch (IOException bindFailed) {
                search.takenByAnotherProcess(port);
            }
        }
        proxy.close();
        throw new IllegalStateException("no free port for the entry proxy of workspace " + workspace + " in "
                + firstPort + "-" + lastPort + ": " + search.describe() + ". Widen the range with"
                + " LocalEntryProxies.builder().ports(first, last) or stop unused workspaces");
    }

    private boolean inUse(int port) {
        return running.values().stream().anyMatch(e -> e.port() == port && e.isRunning());
    }

    private DevProxy proxyFor(WorkspaceId workspace, Target target) {
        DevProxy.Builder builder = DevProxy.builder()
                .rootWorkspace(workspace)
                .bootstrapPrefix(BOOTSTRAP_PREFIX)
                // The local UI opens the launch link in the system browser, which asked for nothing: a bearer link
                // to a loopback entry that only this machine's tokens open.
                .launchBinding(LaunchBinding.NONE)
                .resolver((id, caller) -> Optional.of(target))
                .credentialRequired(credentialRequired)
                .sessionSecret(sessionSecret)
                // Cookies are shared by every port of 127.0.0.1: one name per workspace keeps entries apart.
                // Plain HTTP on loopback, so no Secure attribute (the browser would drop the cookie).
                .cookie(CookieSettings.builder().name(COOKIE_FAMILY + "_" + workspace.value()).insecureForDevelopment()
                        .sameSite(CookieSettings.SameSite.STRICT).build())
                .headerPolicy(HeaderPolicy.builder()
                        // The browser sends every entry's cookie to every entry (cookies ignore ports): none of them
                        // reaches an upstream, and no upstream sets one (issue 26, finding 1).
                        .withholdCookie(COOKIE_FAMILY)
                        .forwardedHeaders(HeaderPolicy.ForwardedHeaders.STRIP)
                        .stripServiceWorkerAllowedFor(CODE_SERVER_PWA_WORKER)
                        .build());
        if (tokens != null) {
            builder.tokens(tokens);
        } else {
            builder.tokenVerifier((token, expected) -> new VerificationResult.Rejected(RejectionReason.UNSUPPORTED_ALGORITHM));
        }
        customizer.accept(builder);
        return builder.build();
    }

    /** Every entry's session cookie is {@code devproxy_<id>}; the whole family is withheld from every upstream. */
    private static final String COOKIE_FAMILY = "devproxy";

    /** Builds {@link LocalEntryProxies}. */
    public static final class Builder {
        private int firstPort = 41000;
        private int lastPort = 41999;
        private JwtTokens tokens;
        private boolean credentialRequired = true;
        private Consumer<DevProxy.Builder> customizer = b -> { };

        private Builder() {
        }

        /** The port range entry proxies may use (default 41000-41999); browser-blocked ports are skipped. */
        public Builder ports(int first, int last) {
            if (first < 1024 || last > 65535 || first > last) {
                throw new IllegalArgumentException("ports must satisfy 1024 <= first <= last <= 65535, got " + first
                        + "-" + last);
            }
            this.firstPort = first;
            this.lastPort = last;
            return this;
        }

        /** The launch tokens entry proxies accept (and {@link #launchUrl} issues). Required unless credentials are off. */
        public Builder tokens(JwtTokens tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /**
         * Whether opening a workspace needs a launch token (default true). Turn it off only where every local
         * process may drive the IDE anyway: without it, any page in the browser can reach the entry port.
         */
        public Builder credentialRequired(boolean required) {
            this.credentialRequired = required;
            return this;
        }

        /** Adjusts each entry's {@link DevProxy} further (listener, timeouts, WebSocket settings). */
        public Builder customize(Consumer<DevProxy.Builder> customizer) {
            this.customizer = Objects.requireNonNull(customizer, "customize");
            return this;
        }

        /**
         * Builds the manager.
         *
         * @throws IllegalStateException if credentials are required but no tokens were given
         */
        public LocalEntryProxies build() {
            if (credentialRequired && (tokens == null || !tokens.canIssue())) {
                throw new IllegalStateException("local entry proxies require a launch token by default: give"
                        + " tokens(JwtTokens...) with a signing key, or credentialRequired(false)");
            }
            return new LocalEntryProxies(this);
        }
    }
}
