package org.jmojo.mojom.resolve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jmojo.mojom.ast.Reporter;
import org.jmojo.mojom.model.Attribute;
import org.jmojo.mojom.model.MojomType;
import org.jmojo.mojom.pack.FieldSpec;

/**
 * The {@code [MinVersion]} rules of struct fields and parameters (docs/wire-format.md §3.4, Chromium's
 * {@code pack.py}): walking the fields in ordinal order, versions never decrease (so a field
 * without {@code [MinVersion]} cannot follow one with it), and a reference-typed field added in a
 * later version must be nullable, since older senders leave it out. Stateless.
 */
final class Versions {
    private Versions() {}

    /**
     * Checks the fields of one struct or parameter list.
     *
     * @param what {@code field} or {@code parameter}
     * @param owner how the owner is named in messages
     * @return whether every rule holds (each broken rule is reported)
     */
    static boolean check(List<FieldSpec> fields, String what, String owner, Reporter reporter) {
        List<FieldSpec> byOrdinal = new ArrayList<>(fields);
        byOrdinal.sort(Comparator.comparingLong(f -> Integer.toUnsignedLong(f.ordinal())));
        boolean ok = true;
        int lastVersion = 0;
        FieldSpec lastVersioned = null;
        for (FieldSpec f : byOrdinal) {
            int mv = f.minVersion();
            var at = f.attributes().get("MinVersion").map(Attribute::position).orElse(f.position());
            if (mv < lastVersion) {
                reporter.error(at, what + " '" + f.name() + "' of " + owner + " has MinVersion " + mv
                        + ", lower than the MinVersion " + lastVersion + " of '" + lastVersioned.name()
                        + "', which comes before it in ordinal order");
                ok = false;
            }
            if (mv > 0 && !f.type().nullable() && isReference(f.type())) {
                reporter.error(at, what + " '" + f.name() + "' of " + owner + " has MinVersion " + mv
                        + " and reference type " + f.type().mojomName() + ", so it must be nullable");
                ok = false;
            }
            if (mv > lastVersion) {
                lastVersion = mv;
                lastVersioned = f;
            }
        }
        return ok;
    }

    private static boolean isReference(MojomType t) {
        return !(t instanceof MojomType.Primitive) && !(t instanceof MojomType.EnumRef);
    }
}
