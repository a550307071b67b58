package dev.devproxy.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

    private static String text(ByteBuffer bytes) {
        return StandardCharsets.US_ASCII.decode(bytes.slice()).toString();
    }
}
