package org.jmojo.bindings.runtime;

import java.util.Objects;
import org.jmojo.bindings.ValidationException;

/**
 * How one generated union is written into and read from a 16-byte union slot (docs/wire-format.md §7):
 * for generated code only. Each generated file's package-private codecs class holds one subclass
 * instance per union; code in other packages finds it with {@link Codecs#union}.
 *
 * <p>Stateless and thread-safe.
 *
 * @param <T> the generated union (a sealed interface)
 */
public abstract class UnionCodec<T> {

    private final Class<T> type;
    private final UnionSchema schema;

    /** For the generated subclass: the union's interface and its members. */
    protected UnionCodec(Class<T> type, UnionSchema schema) {
        this.type = Objects.requireNonNull(type, "type");
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** The generated interface. */
    public final Class<T> type() {
        return type;
    }

    /** The members, for the {@link Validator}. */
    public final UnionSchema schema() {
        return schema;
    }

    /**
     * Writes {@code value} into the zeroed 16-byte slot at {@code slot} and appends what its member
     * points to at the end of {@code encoder}.
     */
    public abstract void encode(Encoder encoder, T value, long slot);

    /** The bytes {@link #encode} appends after the slot: exact for ASCII text, else a lower bound. */
    public abstract long encodedSize(T value);

    /**
     * Checks the member of the union in the slot at {@code slot}, whose header the reader has
     * checked ({@link ValidatingReader#unionTag}) and whose tag is {@code tag} (or
     * {@link ValidatingReader#UNKNOWN_TAG} for an unknown tag of an extensible union, which decodes
     * to its {@code [Default]} member), and decodes the union.
     *
     * @throws ValidationException at the first broken rule, or if a handle has the wrong type
     */
    public abstract T decode(ValidatingReader reader, long slot, int tag) throws ValidationException;

    /**
     * Reads the union in the slot at {@code slot}, which {@code reader} has already checked with
     * everything it points to; null for the null union.
     *
     * @throws ValidationException if a handle has the wrong type (the only check left)
     */
    public abstract T read(ValidatingReader reader, long slot) throws ValidationException;
}
