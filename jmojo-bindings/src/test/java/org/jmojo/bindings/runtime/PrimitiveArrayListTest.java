package org.jmojo.bindings.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link IntArrayList} and {@link LongArrayList} behave like an {@link ArrayList} of the same
 * elements under any sequence of edits, and compare and hash like one.
 */
class PrimitiveArrayListTest {

    /** One edit: 0 add at, 1 set, 2 remove, 3 append; positions wrap into range. */
    record Edit(int op, int position, long value) {}

    @Provide
    Arbitrary<List<Edit>> edits() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1000),
                Arbitraries.longs()).as(Edit::new).list().ofMaxSize(40);
    }

    @Property(tries = 200)
    void intArrayList_randomEdits_sameAsArrayList(@ForAll int[] start, @ForAll("edits") List<Edit> edits) {
        List<Integer> expected = new ArrayList<>();
        for (int v : start) {
            expected.add(v);
        }
        List<Integer> actual = new IntArrayList(start.clone());
        for (Edit e : edits) {
            apply(e, expected, (int) e.value());
            apply(e, actual, (int) e.value());
        }
        assertThat(actual).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(expected).isEqualTo(actual);
    }

    @Property(tries = 200)
    void longArrayList_randomEdits_sameAsArrayList(@ForAll long[] start, @ForAll("edits") List<Edit> edits) {
        List<Long> expected = new ArrayList<>();
        for (long v : start) {
            expected.add(v);
        }
        List<Long> actual = new LongArrayList(start.clone());
        for (Edit e : edits) {
            apply(e, expected, e.value());
            apply(e, actual, e.value());
        }
        assertThat(actual).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(expected).isEqualTo(actual);
    }

    private static <T> void apply(Edit e, List<T> list, T value) {
        int size = list.size();
        switch (e.op()) {
            case 0 -> list.add(e.position() % (size + 1), value);
            case 1 -> {
                if (size > 0) {
                    list.set(e.position() % size, value);
                }
            }
            case 2 -> {
                if (size > 0) {
                    list.remove(e.position() % size);
                }
            }
            default -> list.add(value);
        }
    }

    @Test
    void intArrayList_nullElement_rejected() {
        IntArrayList list = new IntArrayList(new int[] {1});
        assertThatThrownBy(() -> list.add(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("no nulls");
        assertThatThrownBy(() -> list.set(0, null)).isInstanceOf(NullPointerException.class);
        assertThat(list).containsExactly(1);
    }

    @Test
    void longArrayList_indexOutOfRange_throws() {
        LongArrayList list = new LongArrayList(new long[] {5, 6});
        assertThatThrownBy(() -> list.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> list.add(3, 1L)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(list.getLong(1)).isEqualTo(6);
    }

    @Test
    void decoder_getInt32sAndInt64s_readLittleEndianRuns() {
        Encoder e = new Encoder();
        int at = e.allocate(24);
        e.putInt32(at, -2);
        e.putInt32(at + 4, 0x01020304);
        e.putInt64(at + 8, Long.MIN_VALUE);
        e.putInt64(at + 16, 7);
        Decoder d = new Decoder(e.toByteArray());
        assertThat(d.getInt32s(at, 2)).containsExactly(-2, 0x01020304);
        assertThat(d.getInt64s(at + 8, 2)).containsExactly(Long.MIN_VALUE, 7);
        Decoder readOnly = new Decoder(e.asSegment());
        assertThat(readOnly.getInt32s(at, 2)).containsExactly(-2, 0x01020304);
        assertThat(readOnly.getInt64s(at + 8, 2)).containsExactly(Long.MIN_VALUE, 7);
        assertThatThrownBy(() -> d.getInt32s(at + 20, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
