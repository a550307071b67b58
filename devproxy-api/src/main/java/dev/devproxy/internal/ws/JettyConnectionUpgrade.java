package dev.devproxy.internal.ws;

import jakarta.servlet.http.HttpServletRequest;
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
 * Internal: not API. {@link JettyCore} on Jetty 12.1's core API, for a Jetty adapter to complete with how its
 * environment (ee10, ee11) reaches the core request and response under a servlet request. It does what Jetty's
 * WebSocket server does: the new connection is set as the request's {@link HttpStream#UPGRADE_CONNECTION_ATTRIBUTE}
 * and the 101 written as the whole response, after which Jetty's HTTP/1.1 connection upgrades its endpoint.
 * Loaded only on Jetty: it needs jetty-server, which devproxy-api does not bring.
 */
public abstract class JettyConnectionUpgrade implements JettyCore {
    private static final long WRITE_TIMEOUT_SECONDS = 10;

    /** The core request under {@code request}. */
    protected abstract Request coreRequest(HttpServletRequest request);

    /** The core response of {@code request}. */
    protected abstract Response coreResponse(HttpServletRequest request);

    @Override
    public boolean upgrade(HttpServletRequest servletRequest, List<String[]> headers, ConnectionFactory factory) {
        Request request = coreRequest(servletRequest);
        Response response = coreResponse(servletRequest);
        ConnectionMetaData connection = request.getConnectionMetaData();
        request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, factory.newConnection(
                connection.getConnection().getEndPoint(), connection.getConnector().getExecutor(),
                connection.getConnector().getByteBufferPool()));
        response.setStatus(101);
        for (String[] header : headers) {
            response.getHeaders().add(header[0], header[1]);
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
