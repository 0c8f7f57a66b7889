package org.jmojo.mojom.pack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.model.VersionInfo;

/**
 * The struct field layout algorithm of docs/wire-format.md §3.3 and the version table of §3.4. Pure
 * functions; thread-safe.
 */
public final class Packer {
    /** Size of the struct header that precedes the fields. */
    public static final int HEADER_SIZE = 8;

    private Packer() {}

    /**
     * A field to place.
     *
     * @param ordinal the field's ordinal, uint32 bits (distinct: struct fields use 0..n-1, parameters
     *     may leave gaps)
     * @param type its type, which gives size and alignment
     * @param minVersion its effective {@code [MinVersion]}
     */
    public record Input(int ordinal, MojomType type, int minVersion) {}

    /**
     * Where a field went.
     *
     * @param offset offset from the struct start, header included
     * @param bit bit within that byte for bools, else 0
     */
    public record Slot(int offset, int bit) {}

    /**
     * The layout of a struct.
     *
     * @param slots one slot per input, in input order
     * @param versions the version table
     */
    public record Layout(List<Slot> slots, List<VersionInfo> versions) {}

    private static final class Placed {
        final Input field;
        final int index;
        final int offset;
        final int bit;

        Placed(Input field, int index, int offset, int bit) {
            this.field = field;
            this.index = index;
            this.offset = offset;
            this.bit = bit;
        }

        int size() {
            return size(field.type());
        }

        static int size(MojomType t) {
            return Math.max(1, t.slotSize());
        }
    }

    private static boolean isBool(MojomType t) {
        return t instanceof MojomType.Primitive p && p.kind() == MojomType.PrimitiveKind.BOOL;
    }

    /** Packs the fields. The input order does not matter; ordinals decide. */
    public static Layout pack(List<Input> fields) {
        List<Integer> byOrdinal = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            byOrdinal.add(i);
        }
        byOrdinal.sort(Comparator.comparingLong(i -> Integer.toUnsignedLong(fields.get(i).ordinal())));

        List<Placed> placed = new ArrayList<>();
        for (int idx : byOrdinal) {
            Input f = fields.get(idx);
            if (placed.isEmpty()) {
                placed.add(new Placed(f, idx, 0, 0));
                continue;
            }
            int size = Placed.size(f.type());
            boolean done = false;
            for (int i = 0; i < placed.size(); i++) {
                Placed last = placed.get(i);
                int[] cand = candidateAfter(f, last);
                if (i + 1 == placed.size() || cand[0] + size <= placed.get(i + 1).offset) {
                    placed.add(i + 1, new Placed(f, idx, cand[0], cand[1]));
                    done = true;
                    break;
                }
            }
            if (!done) {
                throw new IllegalStateException("unreachable: the last pair always accepts the field");
            }
        }

        Slot[] slots = new Slot[fields.size()];
        for (Placed p : placed) {
            slots[p.index] = new Slot(p.offset + HEADER_SIZE, p.bit);
        }
        return new Layout(List.of(slots), versions(fields, byOrdinal, slots));
    }

    private static int[] candidateAfter(Input f, Placed last) {
        if (isBool(f.type()) && isBool(last.field.type()) && last.bit < 7) {
            return new int[] {last.offset, last.bit + 1};
        }
        int align = f.type().slotAlignment();
        int end = last.offset + last.size();
        return new int[] {roundUp(end, align), 0};
    }

    private static List<VersionInfo> versions(List<Input> fields, List<Integer> byOrdinal, Slot[] slots) {
        List<VersionInfo> versions = new ArrayList<>();
        int lastVersion = 0;
        int numFields = 0;
        int payload = 0;
        for (int idx : byOrdinal) {
            Input f = fields.get(idx);
            if (f.minVersion() != lastVersion) {
                versions.add(new VersionInfo(lastVersion, payload + HEADER_SIZE, numFields));
                lastVersion = f.minVersion();
            }
            numFields++;
            int end = slots[idx].offset() - HEADER_SIZE + Placed.size(f.type());
            payload = Math.max(payload, roundUp(end, 8));
        }
        versions.add(new VersionInfo(lastVersion, payload + HEADER_SIZE, numFields));
        return versions;
    }

    private static int roundUp(int value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
