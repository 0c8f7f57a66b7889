package org.jmojo.stress;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The bytes of every message the stress test writes: who wrote it (source endpoint and its generation,
 * writer, sequence number), which endpoints it carries (each with the generation its receiver will
 * hold), filler, and a checksum over all of it.
 *
 * <pre>
 * int magic | int srcEnd | int srcGen | int writer | long seq | int attachments | (int end, int gen)*
 *   | int fillLength | fill bytes | long checksum (CRC32C of everything before, and the length)
 * </pre>
 *
 * The filler is a function of (writer, seq), so a corrupted byte anywhere fails the checksum.
 */
record Payload(int srcEnd, int srcGen, int writer, long seq, int[] attachedEnds, int[] attachedGens, int fillLength) {
    private static final int MAGIC = 0x4a4d5354; // "JMST"
    static final int MAX_ATTACHMENTS = 16;

    /** The stream this message belongs to: one writer's messages through one generation of one endpoint. */
    Stream stream() {
        return new Stream(srcEnd, srcGen, writer);
    }

    byte[] encode() {
        int size = 4 + 4 + 4 + 4 + 8 + 4 + 8 * attachedEnds.length + 4 + fillLength + 8;
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(MAGIC).putInt(srcEnd).putInt(srcGen).putInt(writer).putLong(seq).putInt(attachedEnds.length);
        for (int i = 0; i < attachedEnds.length; i++) {
            b.putInt(attachedEnds[i]).putInt(attachedGens[i]);
        }
        b.putInt(fillLength);
        long x = fillSeed(writer, seq);
        for (int i = 0; i < fillLength; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            b.put((byte) (x >>> 56));
        }
        b.putLong(checksum(b.array(), size - 8));
        return b.array();
    }

    /**
     * Decodes {@code bytes}.
     *
     * @throws IllegalArgumentException naming what is wrong, if they are not an intact payload
     */
    static Payload decode(byte[] bytes) {
        if (bytes.length < 40) {
            throw new IllegalArgumentException("too short: " + bytes.length + " bytes");
        }
        long expected = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        long actual = checksum(bytes, bytes.length - 8);
        if (expected != actual) {
            throw new IllegalArgumentException("checksum mismatch over " + bytes.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt() != MAGIC) {
            throw new IllegalArgumentException("bad magic");
        }
        int srcEnd = b.getInt();
        int srcGen = b.getInt();
        int writer = b.getInt();
        long seq = b.getLong();
        int n = b.getInt();
        if (n < 0 || n > MAX_ATTACHMENTS) {
            throw new IllegalArgumentException("attachment count " + n);
        }
        int[] ends = new int[n];
        int[] gens = new int[n];
        for (int i = 0; i < n; i++) {
            ends[i] = b.getInt();
            gens[i] = b.getInt();
        }
        int fill = b.getInt();
        if (fill != b.remaining() - 8) {
            throw new IllegalArgumentException("fill length " + fill + " but " + (b.remaining() - 8) + " bytes left");
        }
        return new Payload(srcEnd, srcGen, writer, seq, ends, gens, fill);
    }

    private static long fillSeed(int writer, long seq) {
        return seq * 0x9e3779b97f4a7c15L ^ writer;
    }

    private static long checksum(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return crc.getValue() ^ ((long) length << 32);
    }

    @Override
    public String toString() {
        return stream() + "#" + seq;
    }

    /** One writer's messages through one generation of one endpoint: their order is program order. */
    record Stream(int srcEnd, int srcGen, int writer) {
        @Override
        public String toString() {
            return "end " + srcEnd + " gen " + srcGen + " writer " + writer;
        }
    }
}
