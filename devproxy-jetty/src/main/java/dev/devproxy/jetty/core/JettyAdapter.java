package dev.devproxy.jetty.core;

import dev.devproxy.adapter.BrowserSide;
import dev.devproxy.adapter.ContainerAdapter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;

/**
 * The {@link ContainerAdapter} of Jetty 12.1, shared by the ee10 and ee11 adapters, which complete it with how their
 * environment reaches the core request under a servlet request. Jetty 12.1's Servlet protocol upgrade does not
 * deliver the upgraded bytes, so the browser's connection is upgraded the way Jetty's own WebSocket server does it:
 * the connection that takes the socket over ({@link BrowserSide#takeOver}) is set as the request's
 * {@link HttpStream#UPGRADE_CONNECTION_ATTRIBUTE} and the 101 written as the whole response, after which Jetty's
 * HTTP/1.1 connection upgrades its endpoint. Only Jetty's core server API is used.
 *
 * <p>For the Jetty adapters; not API.
 */
public abstract class JettyAdapter implements ContainerAdapter {
    private static final long WRITE_TIMEOUT_SECONDS = 10;

    private final boolean takesSocketsOver;

    /** @param takesSocketsOver whether the install-time probe found what {@link #upgrade} needs */
    protected JettyAdapter(boolean takesSocketsOver) {
        this.takesSocketsOver = takesSocketsOver;
    }

    @Override
    public boolean takesSocketsOver() {
        return takesSocketsOver;
    }

    /** The core request under {@code request}. */
    protected abstract Request coreRequest(HttpServletRequest request);

    /** The core response of {@code request}. */
    protected abstract Response coreResponse(HttpServletRequest request);

    @Override
    public boolean upgrade(HttpServletRequest servletRequest, HttpServletResponse servletResponse,
            List<Header> headers, BrowserSide browser) {
        Request request = coreRequest(servletRequest);
        Response response = coreResponse(servletRequest);
        ConnectionMetaData connection = request.getConnectionMetaData();
        request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, browser.takeOver(
                connection.getConnection().getEndPoint(), connection.getConnector().getExecutor(),
                connection.getConnector().getByteBufferPool()));
        response.setStatus(101);
        for (Header header : headers) {
            response.getHeaders().add(header.name(), header.value());
        }
        FutureCallback written = new FutureCallback();
        response.write(true, null, written);
        try {
            written.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public void withoutServerHeader(HttpServletRequest servletRequest) {
        coreRequest(servletRequest).addHttpStreamWrapper(WithoutServerHeader::new);
    }

    /** Writes the response's head without its {@code Server} field, which Jetty keeps from being removed earlier. */
    private static final class WithoutServerHeader extends HttpStream.Wrapper {
        WithoutServerHeader(HttpStream wrapped) {
            super(wrapped);
        }

        @Override
        public void send(MetaData.Request request, MetaData.Response response, boolean last, ByteBuffer content,
                Callback callback) {
            super.send(request, response == null ? null : withoutServer(response), last, content, callback);
        }

        private static MetaData.Response withoutServer(MetaData.Response response) {
            HttpFields fields = response.getHttpFields();
            if (fields == null || !fields.contains(HttpHeader.SERVER)) {
                return response;
            }
            HttpFields.Mutable kept = HttpFields.build(fields.size());
            for (HttpField field : fields) {
                if (!field.is(HttpHeader.SERVER.asString())) {
                    kept.add(field);
                }
            }
            return new MetaData.Response(response.getStatus(), response.getReason(), response.getHttpVersion(), kept,
                    response.getContentLength(), response.getTrailersSupplier());
        }
    }
}
