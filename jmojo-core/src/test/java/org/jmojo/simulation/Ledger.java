package org.jmojo.simulation;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The payload of every message the simulation writes: which pipe, which end wrote it, its sequence number in
 * that direction (1, 2, …), a forged mark (set only by the hostile node), which pipe end it carries (if it
 * carries one), random filler, and a checksum over all of it. A reader checks each message against what it expects next, so loss, duplication, reordering,
 * corruption and forgery each show up as what they are.
 */
final class Ledger {
    private static final int HEADER = 4 + 1 + 1 + 8 + 4 + 1 + 2;

    private Ledger() {}

    /** A message of pipe {@code pipe}, written by end {@code from}, number {@code seq}, carrying no endpoint. */
    static byte[] payload(int pipe, int from, long seq, boolean forged, SplittableRandom random) {
        return payload(pipe, from, seq, forged, -1, 0, random);
    }

    /** The same, carrying end {@code carriedEnd} of pipe {@code carriedPipe} (-1: none). */
    static byte[] payload(int pipe, int from, long seq, boolean forged, int carriedPipe, int carriedEnd,
            SplittableRandom random) {
        int filler = random.nextInt(48);
        ByteBuffer b = ByteBuffer.allocate(HEADER + filler + 8);
        b.putInt(pipe).put((byte) from).put((byte) (forged ? 1 : 0)).putLong(seq)
                .putInt(carriedPipe).put((byte) carriedEnd).putShort((short) filler);
        for (int i = 0; i < filler; i++) {
            b.put((byte) random.nextInt(256));
        }
        b.putLong(checksum(b.array(), b.position()));
        return b.array();
    }

    private static long checksum(byte[] bytes, int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++) {
            h = (h ^ (bytes[i] & 0xff)) * 0x100000001b3L;
        }
        return h ^ (h >>> 29);
    }

    /** A decoded message; {@code intact} false when the bytes are not a ledger message. */
    record Entry(boolean intact, int pipe, int from, long seq, boolean forged, int carriedPipe, int carriedEnd) {}

    static Entry read(byte[] bytes) {
        if (bytes.length < HEADER + 8) {
            return new Entry(false, -1, -1, -1, false, -1, 0);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int pipe = b.getInt();
        int from = b.get();
        boolean forged = b.get() != 0;
        long seq = b.getLong();
        int carriedPipe = b.getInt();
        int carriedEnd = b.get();
        int filler = b.getShort();
        if (filler < 0 || bytes.length != HEADER + filler + 8) {
            return new Entry(false, pipe, from, seq, forged, carriedPipe, carriedEnd);
        }
        boolean sumOk = checksum(bytes, HEADER + filler) == ByteBuffer.wrap(bytes, HEADER + filler, 8).getLong();
        return new Entry(sumOk, pipe, from, seq, forged, carriedPipe, carriedEnd);
    }
}
