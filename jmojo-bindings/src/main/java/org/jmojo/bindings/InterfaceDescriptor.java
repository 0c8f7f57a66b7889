package org.jmojo.bindings;

import java.util.Objects;

/**
 * A Mojom interface as the bindings see it: its fully qualified Mojom name, its version (the highest
 * {@code [MinVersion]} of its methods and parameters) and the generated Java type that stands for it.
 * Every generated interface class holds its descriptor in {@code DESCRIPTOR}; the pending endpoints
 * ({@link PendingRemote}, {@link PendingReceiver} and the associated kinds) carry it, so an endpoint
 * says what it speaks.
 *
 * <p>Immutable and thread-safe. There is one descriptor per generated interface: compare them with
 * {@code ==} or {@link #equals}, which is identity.
 *
 * @param <I> the generated interface type
 */
public final class InterfaceDescriptor<I> {

    private final Class<I> type;
    private final String name;
    private final int version;

    private InterfaceDescriptor(Class<I> type, String name, int version) {
        this.type = type;
        this.name = name;
        this.version = version;
    }

    /**
     * The descriptor of a generated interface; called once, by that interface's class.
     *
     * @throws IllegalArgumentException if {@code version} is negative or {@code name} is empty
     */
    public static <I> InterfaceDescriptor<I> of(Class<I> type, String name, int version) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || version < 0) {
            throw new IllegalArgumentException("an interface needs a name and a version >= 0: '" + name + "', "
                    + version);
        }
        return new InterfaceDescriptor<>(type, name, version);
    }

    /** The generated Java type of the interface. */
    public Class<I> type() {
        return type;
    }

    /** The fully qualified Mojom name, e.g. {@code jmojo.golden.Calc}. */
    public String name() {
        return name;
    }

    /** The interface version this side was generated from. */
    public int version() {
        return version;
    }

    /** {@code name} and {@code version}, e.g. {@code jmojo.golden.Calc v1}. */
    @Override
    public String toString() {
        return name + " v" + version;
    }
}
