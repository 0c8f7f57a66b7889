package org.jmojo.mojom.resolve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jmojo.mojom.ast.Ast;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.model.SourcePosition;

/**
 * Assigns ordinals to struct fields, parameters, union fields and methods, the one rule for all:
 * an explicit {@code @N}, else one more than the previous item's ordinal, starting at 0
 * (Chromium's {@code _AssignDefaultOrdinals}). What differs by kind is checked here too:
 *
 * <ul>
 *   <li>every kind: no ordinal twice, none above 4294967295;
 *   <li>struct fields: the ordinals are exactly 0..n-1 (Chromium's {@code _AssertStructIsValid});
 *   <li>methods: not 0xFFFFFFFE or 0xFFFFFFFF, the message names of the control messages;
 *   <li>union fields: an explicit ordinal other than the declaration position is a warning, since
 *       the wire tag is the position (docs/wire-format.md §7.3).
 * </ul>
 *
 * <p>Ordinals are returned as {@code int}s holding the uint32 bits ({@link Integer#toUnsignedLong}
 * reads them back). Stateless.
 */
final class Ordinals {

    /** What is being numbered. */
    enum Kind {
        STRUCT_FIELD("field"),
        PARAMETER("parameter"),
        UNION_FIELD("field"),
        METHOD("method");

        final String noun;

        Kind(String noun) {
            this.noun = noun;
        }
    }

    /** One item to number: its name, its explicit ordinal (or null) and its position. */
    record Item(String name, Ast.Ordinal explicit, SourcePosition position) {
        SourcePosition ordinalPosition() {
            return explicit != null ? explicit.position() : position;
        }
    }

    private static final long MAX = 0xFFFF_FFFFL;
    private static final long FIRST_RESERVED_METHOD = 0xFFFF_FFFEL;

    private Ordinals() {}

    /**
     * Numbers {@code items} in declaration order.
     *
     * @param owner how the owner is named in messages, e.g. {@code struct a.S}
     * @param ownerPosition where gaps in struct ordinals are reported
     * @return one ordinal per item, or null if a rule is broken (each is reported)
     */
    static int[] assign(List<Item> items, Kind kind, String owner, SourcePosition ownerPosition, Reporter reporter) {
        int[] out = new int[items.size()];
        Map<Long, Item> used = new HashMap<>();
        boolean ok = true;
        long next = 0;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            long ord = item.explicit() != null ? item.explicit().value() : next;
            next = ord + 1;
            String what = "ordinal @" + ord + " of " + kind.noun + " '" + item.name() + "' in " + owner;
            if (ord > MAX) {
                reporter.error(item.ordinalPosition(), what + " is larger than " + MAX);
                ok = false;
                continue;
            }
            Item previous = used.putIfAbsent(ord, item);
            if (previous != null) {
                reporter.error(item.ordinalPosition(), what + " is already used by '" + previous.name() + "'");
                ok = false;
            } else if (kind == Kind.METHOD && ord >= FIRST_RESERVED_METHOD) {
                reporter.error(item.ordinalPosition(), what + " is reserved: message names 0xFFFFFFFE and 0xFFFFFFFF "
                        + "are the interface control messages");
                ok = false;
            } else if (kind == Kind.UNION_FIELD && item.explicit() != null && ord != i) {
                reporter.warning(item.explicit().position(), "union field '" + item.name() + "' has ordinal @" + ord
                        + " but its wire tag is its declaration position, " + i);
            }
            out[i] = (int) ord;
        }
        if (ok && kind == Kind.STRUCT_FIELD) {
            List<String> missing = new ArrayList<>();
            for (long o = 0; o < items.size(); o++) {
                if (!used.containsKey(o)) {
                    missing.add("@" + o);
                }
            }
            if (!missing.isEmpty()) {
                reporter.error(ownerPosition, owner + " must use contiguous ordinals starting from 0; missing: " + missing);
                ok = false;
            }
        }
        return ok ? out : null;
    }
}
