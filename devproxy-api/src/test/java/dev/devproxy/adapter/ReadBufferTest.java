package dev.devproxy.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.util.BufferUtil;
import org.junit.jupiter.api.Test;

class ReadBufferTest {
    private final ArrayByteBufferPool pool = new ArrayByteBufferPool();

    @Test
    void theUpgradesBytesAreHandedOverFirstThenTheSocketIsRead() {
        ReadBuffer reads = new ReadBuffer(pool, BufferUtil.toBuffer("early"));

        ByteBuffer bytes = reads.bytes(true);
        assertThat(reads.fillWithoutRead(bytes)).isTrue();
        assertThat(text(bytes)).isEqualTo("early");
        ReadBuffer.consumed(bytes.position(bytes.limit()));

        assertThat(reads.fillWithoutRead(reads.bytes(true))).as("nothing left but the socket").isFalse();
    }

    @Test
    void resumedBytesAreHandedOverAgainWithoutARead() {
        ReadBuffer reads = new ReadBuffer(pool, null);
        ByteBuffer bytes = reads.bytes(true);
        assertThat(reads.fillWithoutRead(bytes)).isFalse();
        BufferUtil.append(bytes, BufferUtil.toBuffer("not taken yet"));

        reads.resume();
        assertThat(reads.resuming()).isTrue();
        ByteBuffer again = reads.bytes(true);
        assertThat(reads.fillWithoutRead(again)).isTrue();
        assertThat(again).isSameAs(bytes);
        assertThat(text(again)).isEqualTo("not taken yet");
        assertThat(reads.resuming()).isFalse();
        assertThat(reads.fillWithoutRead(again)).as("only once").isFalse();
    }

    @Test
    void anIdleSocketGivesItsBufferBackButKeepsAnIncompleteFrameHeader() {
        ReadBuffer reads = new ReadBuffer(pool, null);
        ByteBuffer bytes = reads.bytes(true);
        assertThat(pool.getAvailableDirectByteBufferCount()).isZero();

        BufferUtil.append(bytes, ByteBuffer.wrap(new byte[] {(byte) 0x81, 0x7e, 0x01, 0x02, 0x03}));
        bytes.position(3); // the relay took three bytes; two of a header wait for the rest
        ReadBuffer.consumed(bytes);
        assertThat(bytes.position()).isZero();
        assertThat(bytes.remaining()).isEqualTo(2);
        reads.idle();
        assertThat(pool.getAvailableDirectByteBufferCount()).as("kept while it holds bytes").isZero();
        assertThat(reads.bytes(true)).isSameAs(bytes);

        bytes.position(bytes.limit());
        ReadBuffer.consumed(bytes);
        assertThat(bytes.hasRemaining()).isFalse();
        reads.idle();
        assertThat(pool.getAvailableDirectByteBufferCount()).as("back in the pool").isEqualTo(1);
        assertThat(reads.bytes(true)).as("a buffer from the pool again").isNotNull();
        assertThat(pool.getAvailableDirectByteBufferCount()).isZero();
    }

    @Test
    void releaseGivesTheBufferBackOnceAndNothingWhenNoneIsHeld() {
        ReadBuffer reads = new ReadBuffer(pool, null);
        reads.release();
        assertThat(pool.getAvailableDirectByteBufferCount()).isZero();

        ByteBuffer bytes = reads.bytes(false);
        assertThat(bytes.isDirect()).isFalse();
        BufferUtil.append(bytes, BufferUtil.toBuffer("x"));
        reads.release();
        reads.release();
        assertThat(pool.getAvailableHeapByteBufferCount()).isEqualTo(1);
    }

    // The read loop every wire runs (readFrom), against a scripted socket and relay.

    @Test
    void theLoopHandsOverTheUpgradesBytesThenReadsUntilAShortReadEmptiesTheSocket() {
        ReadBuffer reads = new ReadBuffer(pool, BufferUtil.toBuffer("early "));
        ScriptedSocket socket = new ScriptedSocket("first ", "second");
        TakingRelay relay = new TakingRelay(Integer.MAX_VALUE);

        assertThat(reads.readFrom(socket, relay)).isEqualTo(ReadBuffer.Stop.AWAIT_BYTES);
        assertThat(relay.taken.toString()).isEqualTo("early first ");
        assertThat(socket.reads).as("the short read stopped the loop: no read that would return nothing").isEqualTo(1);
        assertThat(pool.getAvailableDirectByteBufferCount()).as("the buffer went back, as the socket is idle")
                .isEqualTo(1);

        assertThat(reads.readFrom(socket, relay)).isEqualTo(ReadBuffer.Stop.AWAIT_BYTES);
        assertThat(relay.taken.toString()).isEqualTo("early first second");
    }

    @Test
    void aRelayThatCannotTakeMorePausesTheLoopAndIsHandedTheSameBytesOnResume() {
        ReadBuffer reads = new ReadBuffer(pool, null);
        ScriptedSocket socket = new ScriptedSocket("abcdef");
        TakingRelay relay = new TakingRelay(2);

        assertThat(reads.readFrom(socket, relay)).isEqualTo(ReadBuffer.Stop.PAUSED);
        assertThat(relay.taken.toString()).isEqualTo("ab");

        relay.limit = Integer.MAX_VALUE;
        reads.resume();
        assertThat(reads.readFrom(socket, relay)).isEqualTo(ReadBuffer.Stop.AWAIT_BYTES);
        assertThat(relay.taken.toString()).isEqualTo("abcdef");
    }

    @Test
    void theEndOfTheStreamOrAFailureEndsTheLoopAndReleasesTheBuffer() {
        ReadBuffer ended = new ReadBuffer(pool, null);
        assertThat(ended.readFrom(bytes -> -1, new TakingRelay(Integer.MAX_VALUE))).isEqualTo(ReadBuffer.Stop.ENDED);
        assertThat(pool.getAvailableDirectByteBufferCount()).isEqualTo(1);

        ReadBuffer failed = new ReadBuffer(pool, null);
        assertThat(failed.readFrom(bytes -> {
            throw new IOException("reset");
        }, new TakingRelay(Integer.MAX_VALUE))).isEqualTo(ReadBuffer.Stop.ENDED);
        assertThat(pool.getAvailableDirectByteBufferCount()).as("both buffers back").isEqualTo(1);
    }

    /** A socket that has each chunk in turn, then nothing (0); it counts every read. */
    private static final class ScriptedSocket implements ReadBuffer.Source {
        private final ArrayDeque<String> chunks;
        int reads;

        ScriptedSocket(String... chunks) {
            this.chunks = new ArrayDeque<>(List.of(chunks));
        }

        @Override
        public int fill(ByteBuffer bytes) {
            reads++;
            String next = chunks.poll();
            if (next == null) {
                return 0;
            }
            return BufferUtil.append(bytes, BufferUtil.toBuffer(next));
        }
    }

    /** A relay that takes at most {@code limit} bytes of what it is handed, and says so. */
    private static final class TakingRelay implements WireEvents {
        final StringBuilder taken = new StringBuilder();
        int limit;

        TakingRelay(int limit) {
            this.limit = limit;
        }

        @Override
        public void opened(Wire wire) {
        }

        @Override
        public boolean received(ByteBuffer bytes) {
            int n = Math.min(limit, bytes.remaining());
            byte[] some = new byte[n];
            bytes.get(some);
            taken.append(new String(some, StandardCharsets.UTF_8));
            return !bytes.hasRemaining();
        }

        @Override
        public void ended() {
        }
    }

    private static String text(ByteBuffer bytes) {
        return StandardCharsets.US_ASCII.decode(bytes.slice()).toString();
    }
}
