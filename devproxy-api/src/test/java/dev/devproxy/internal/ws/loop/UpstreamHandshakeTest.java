package dev.devproxy.internal.ws.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.internal.http.MalformedResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** devproxy's own handshake with a plain upstream, against a real socket on loopback that answers as scripted. */
class UpstreamHandshakeTest {
    private static final String REQUEST = "GET /ws HTTP/1.1\r\nHost: upstream\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\n\r\n";

    private final RelayLoop loop = new RelayLoop("test-relay");
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private ServerSocket upstream;

    @AfterEach
    void stop() throws IOException {
        loop.close();
        executor.shutdownNow();
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void a101LeavesTheSocketOpenWithTheBytesThatCameAfterItsHead() throws Exception {
        CompletableFuture<String> sent = answering("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: abc\r\n\r\n\u0081\u0002hi");

        UpstreamHandshake.Answer answer = handshake(16).get(10, TimeUnit.SECONDS);

        assertThat(sent.get(10, TimeUnit.SECONDS)).isEqualTo(REQUEST);
        assertThat(answer.status()).isEqualTo(101);
        assertThat(answer.headers().get("Sec-WebSocket-Accept")).isEqualTo("abc");
        assertThat(answer.channel().isOpen()).isTrue();
        assertThat(text(answer.rest())).as("the upstream's first frame, read with the head").isEqualTo("\u0081\u0002hi");
        answer.channel().close();
    }

    @Test
    void aRefusalIsReadWholeAndTheSocketClosed() throws Exception {
        answering("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\ngone");

        UpstreamHandshake.Answer answer = handshake(16).get(10, TimeUnit.SECONDS);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.whole()).isTrue();
        assertThat(text(answer.rest())).isEqualTo("gone");
        assertThat(answer.channel()).isNull();
    }

    @Test
    void aRefusalBodyOverTheBoundIsLeftOut() throws Exception {
        answering("HTTP/1.1 403 Forbidden\r\nContent-Length: 64\r\n\r\n" + "x".repeat(64));

        UpstreamHandshake.Answer answer = handshake(16).get(10, TimeUnit.SECONDS);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.whole()).isFalse();
        assertThat(answer.rest().remaining()).isZero();
    }

    @Test
    void anAnswerThatIsNoHttpIsMalformed() throws Exception {
        answering("SSH-2.0-OpenSSH_9.2\r\n\r\n");
        assertThatThrownBy(() -> handshake(16).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(MalformedResponse.class);
    }

    @Test
    void anUpstreamThatClosesBeforeAnsweringEndsTheHandshake() throws Exception {
        answering("");
        assertThatThrownBy(() -> handshake(16).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(EOFException.class);
    }

    @Test
    void anAddressIsDialledFromTheCallersThreadAndANameOnTheExecutor() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        Executor counting = task -> {
            lookups.incrementAndGet();
            executor.execute(task);
        };
        answering("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
        UpstreamHandshake.Answer byAddress = UpstreamHandshake.start("127.0.0.1", upstream.getLocalPort(), request(),
                loop, counting, 16).answered().get(10, TimeUnit.SECONDS);
        byAddress.channel().close();
        assertThat(lookups).as("tasks for the executor, dialling an address").hasValue(0);
        upstream.close();

        answering("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
        UpstreamHandshake.Answer byName = UpstreamHandshake.start("localhost", upstream.getLocalPort(), request(),
                loop, counting, 16).answered().get(10, TimeUnit.SECONDS);
        byName.channel().close();
        assertThat(lookups).as("tasks for the executor, dialling a name").hasValue(1);
    }

    @Test
    void onlyWhatTheJdkTakesWithoutALookupCountsAsAnAddress() {
        for (String address : List.of("127.0.0.1", "10.0.0.255", "0.0.0.0", "255.255.255.255", "[::1]", "[fd00::7]")) {
            assertThat(UpstreamHandshake.isAddress(address)).as(address).isTrue();
        }
        for (String name : List.of("localhost", "code-server", "ws.internal", "010.0.0.1", "256.0.0.1", "1.2.3",
                "1.2.3.4.5", "1..2.3", "1.2.3.", ".1.2.3", "127.1", "1.2.3.4a", "", "1234.1.1.1")) {
            assertThat(UpstreamHandshake.isAddress(name)).as(name).isFalse();
        }
    }

    @Test
    void aPortNobodyListensOnIsRefused() throws Exception {
        int closed;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = gone.getLocalPort();
        }
        UpstreamHandshake handshake = UpstreamHandshake.start("127.0.0.1", closed, request(), loop, executor, 16);
        assertThatThrownBy(() -> handshake.answered().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ConnectException.class);
    }

    @Test
    void anAbortClosesTheSocketOfAnUpstreamThatNeverAnswers() throws Exception {
        upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        CompletableFuture<String> requested = new CompletableFuture<>();
        CompletableFuture<Integer> end = CompletableFuture.supplyAsync(() -> {
            try (Socket accepted = upstream.accept()) {
                InputStream in = accepted.getInputStream();
                requested.complete(readHead(in));
                while (in.read() >= 0) {
                    // reads the request, answers nothing, until the proxy's side closes
                }
                return -1;
            } catch (IOException e) {
                return 0;
            }
        }, executor);
        UpstreamHandshake handshake = UpstreamHandshake.start("127.0.0.1", upstream.getLocalPort(), request(), loop,
                executor, 16);
        assertThat(requested.get(10, TimeUnit.SECONDS)).isEqualTo(REQUEST);

        handshake.abort(new TimeoutException("test"));

        assertThat(end.get(10, TimeUnit.SECONDS)).as("the upstream saw the socket close").isEqualTo(-1);
        assertThatThrownBy(() -> handshake.answered().get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(TimeoutException.class);
    }

    private CompletableFuture<UpstreamHandshake.Answer> handshake(int maxBodyBytes) {
        return UpstreamHandshake.start("127.0.0.1", upstream.getLocalPort(), request(), loop, executor, maxBodyBytes)
                .answered();
    }

    // An upstream that reads one request head (the future), writes {@code answer}, and closes unless it answered 101.
    private CompletableFuture<String> answering(String answer) throws IOException {
        upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        CompletableFuture<String> requested = new CompletableFuture<>();
        executor.execute(() -> {
            try (Socket accepted = upstream.accept()) {
                requested.complete(readHead(accepted.getInputStream()));
                OutputStream out = accepted.getOutputStream();
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (answer.startsWith("HTTP/1.1 101")) {
                    accepted.getInputStream().read(); // held open until the test closes its side
                }
            } catch (IOException e) {
                requested.completeExceptionally(e);
            }
        });
        return requested;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static ByteBuffer request() {
        return ByteBuffer.wrap(REQUEST.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String text(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return new String(copy, StandardCharsets.ISO_8859_1);
    }
}
