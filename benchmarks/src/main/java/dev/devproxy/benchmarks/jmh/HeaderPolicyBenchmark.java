package dev.devproxy.benchmarks.jmh;

import dev.devproxy.HeaderPolicy;
import dev.devproxy.PathMode;
import dev.devproxy.Target;
import dev.devproxy.internal.Exchange;
import dev.devproxy.internal.headers.HeaderList;
import dev.devproxy.internal.headers.RequestContext;
import dev.devproxy.internal.headers.RequestHeaderRewriter;
import dev.devproxy.internal.headers.ResponseContext;
import dev.devproxy.internal.headers.ResponseHeaderRewriter;
import java.net.URI;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The header policy, once per proxied request: a browser's request headers rewritten for the upstream, and
 * the response headers an IDE typically sends back (a redirect, a cookie, plain ones).
 */
public class HeaderPolicyBenchmark extends HotPathBenchmark {
    private final HeaderList clientToProxy = HeaderList.of(
            "Host", "portal.example.com",
            "User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
            "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language", "en-GB,en;q=0.9",
            "Accept-Encoding", "gzip, deflate, br",
            "Connection", "keep-alive",
            "Cookie", "devproxy_session=eyJhbGciOiJIUzI1NiJ9.e30.sig; vscode-tkn=abc; theme=dark",
            "Referer", "https://portal.example.com/__ide/ws-1/",
            "Sec-Fetch-Dest", "document",
            "Sec-Fetch-Mode", "navigate",
            "X-Forwarded-For", "203.0.113.9",
            "If-None-Match", "\"5f3c-1a2b\"");
    private final RequestContext request = new RequestContext(HeaderPolicy.defaults(), PathMode.STRIP,
            "10.0.0.5:8080", "portal.example.com", "https", "198.51.100.7", "/__ide/ws-1", "devproxy_session",
            false, false);
    private final ResponseContext response = new ResponseContext(HeaderPolicy.defaults(), PathMode.STRIP,
            "http://10.0.0.5:8080", "", "/__ide/ws-1", "devproxy_session");

    /** The request side: every header of a typical browser navigation. */
    @Benchmark
    public HeaderList requestHeaders() {
        return RequestHeaderRewriter.rewrite(clientToProxy, request);
    }

    private final Exchange exchange = exchangeTo(Target.strip(URI.create("http://10.0.0.5:8080")));
    private final String[] assetHeaders = {"Content-Type", "Content-Length", "Cache-Control", "ETag", "Last-Modified",
        "Date"};

    /**
     * The headers of a typical asset response, none of which a rule rewrites, the way the HTTP tunnel handles them
     * since 2026-12-01: a name check each, and no context.
     */
    @Benchmark
    public void assetResponseHeaders(Blackhole sink) {
        ResponseContext context = null;
        for (String name : assetHeaders) {
            if (ResponseHeaderRewriter.rewrites(name)) {
                context = context == null ? exchange.responseContext("devproxy_session") : context;
                sink.consume(ResponseHeaderRewriter.rewrite(name, "v", context));
            }
            sink.consume(name);
        }
    }

    /** The same headers the way the tunnel handled them before: the context built (and validated) per response. */
    @Benchmark
    public void assetResponseHeadersWithEagerContext(Blackhole sink) {
        ResponseContext context = exchange.responseContext("devproxy_session");
        for (String name : assetHeaders) {
            sink.consume(ResponseHeaderRewriter.rewrite(name, "v", context));
        }
    }

    /** The response side: a redirect, a cookie and two headers that pass unchanged. */
    @Benchmark
    public void responseHeaders(Blackhole sink) {
        sink.consume(ResponseHeaderRewriter.rewrite("Location", "http://10.0.0.5:8080/login?next=%2F", response));
        sink.consume(ResponseHeaderRewriter.rewrite("Set-Cookie", "vscode-tkn=abc; Path=/; HttpOnly", response));
        sink.consume(ResponseHeaderRewriter.rewrite("Content-Type", "text/html; charset=utf-8", response));
        sink.consume(ResponseHeaderRewriter.rewrite("Cache-Control", "no-cache", response));
    }
}
