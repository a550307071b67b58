package dev.devproxy.benchmarks.jmh;

import dev.devproxy.internal.ws.frames.FrameScanner;
import dev.devproxy.internal.ws.frames.InflatedSize;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What counting compressed messages costs the byte relay ({@code WebSocketSettings.Compression.PERMESSAGE_DEFLATE},
 * issue 26): the browser-to-upstream direction's frame scanning, as the relay does it, over recorded streams, without
 * and with {@link InflatedSize}. One operation scans every stream once, each with a new scanner (and inflater), as each
 * socket gets its own.
 *
 * <p>The streams are what code-server's browser sent through devproxy in {@code CompressionMeasurementTest}
 * (e2e-ides), read from {@code -Dcapture=<folder>} ({@code *-from-browser.bin}); without one, a stand-in of JSON-RPC
 * messages like code-server's, compressed as a browser does. In the same package as the engine's package-private
 * classes: run it with {@code benchmarks/run.sh --jmh InflatedSizeBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InflatedSizeBenchmark {
    private static final long LIMIT = 64L * 1024 * 1024;

    /** Where the recorded streams are; empty for the stand-in. */
    @Param({""})
    public String capture;

    private final List<byte[]> streams = new ArrayList<>();

    @Setup
    public void load() throws IOException {
        String folder = capture.isEmpty() ? System.getProperty("capture", "") : capture;
        if (!folder.isEmpty()) {
            try (Stream<Path> files = Files.list(Path.of(folder))) {
                for (Path file : files.filter(f -> f.toString().endsWith("-from-browser.bin")).sorted().toList()) {
                    streams.add(Files.readAllBytes(file));
                }
            }
        }
        if (streams.isEmpty()) {
            streams.add(standIn());
        }
        long messages = 0;
        long bytes = 0;
        for (byte[] stream : streams) {
            FrameScanner scanner = scanner(true);
            scanner.scan(ByteBuffer.wrap(stream));
            messages += scanner.messages();
            bytes += scanner.payloadBytes();
        }
        System.out.printf("%n[InflatedSizeBenchmark] %d stream(s), %d messages, %d compressed payload bytes%n",
                streams.size(), messages, bytes);
    }

    /** The relay's scanning alone, RSV1 allowed, nothing inflated. */
    @Benchmark
    public long scanOnly() {
        return scanAll(false);
    }

    /** The same with every compressed message inflated to count it. */
    @Benchmark
    public long scanAndCount() {
        return scanAll(true);
    }

    private long scanAll(boolean count) {
        long messages = 0;
        for (byte[] stream : streams) {
            FrameScanner scanner = scanner(count);
            FrameScanner.Verdict verdict = scanner.scan(ByteBuffer.wrap(stream));
            if (verdict != FrameScanner.Verdict.MORE && verdict != FrameScanner.Verdict.CLOSE) {
                throw new IllegalStateException("the stream does not scan clean: " + verdict);
            }
            messages += scanner.messages();
        }
        return messages;
    }

    private static FrameScanner scanner(boolean count) {
        FrameScanner scanner = new FrameScanner(true, LIMIT);
        scanner.negotiatedDeflate(count ? new InflatedSize(LIMIT, false) : null);
        return scanner;
    }

    // 600 JSON-RPC messages of 200 B to 20 KiB, compressed with one window as Chromium does, masked as a browser's.
    private static byte[] standIn() {
        Deflater browser = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 600; i++) {
            String item = "{\"id\":" + i + ",\"method\":\"textDocument/completion\",\"params\":{\"line\":" + i
                    + ",\"text\":\"const value" + i + " = compute(" + (i * 7) + ");\"}}";
            byte[] message = item.repeat(1 + (i * 37) % 100).getBytes(StandardCharsets.UTF_8);
            stream.writeBytes(frame(browser, message));
        }
        return stream.toByteArray();
    }

    private static byte[] frame(Deflater browser, byte[] message) {
        browser.setInput(message);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        do {
            n = browser.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            compressed.write(chunk, 0, n);
        } while (n == chunk.length);
        int length = compressed.size() - 4;
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | 0x40 | 0x1);
        if (length < 126) {
            frame.write(0x80 | length);
        } else {
            frame.write(0x80 | 126);
            frame.write(length >> 8);
            frame.write(length);
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        frame.writeBytes(mask);
        byte[] payload = compressed.toByteArray();
        for (int i = 0; i < length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }
}
