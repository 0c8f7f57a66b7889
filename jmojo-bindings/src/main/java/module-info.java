/**
 * The runtime under generated Mojom code.
 *
 * <p>{@code org.jmojo.bindings} holds the types users see: the value types of generated fields
 * ({@link org.jmojo.bindings.Bytes}, the primitive lists such as {@link org.jmojo.bindings.IntList},
 * {@link org.jmojo.bindings.EnumList}), the pending endpoints ({@link org.jmojo.bindings.PendingRemote},
 * {@link org.jmojo.bindings.PendingReceiver} and their associated kinds) with
 * {@link org.jmojo.bindings.InterfaceDescriptor}, the placeholder types of handle kinds the core
 * lacks, and {@link org.jmojo.bindings.ValidationException}. {@code org.jmojo.bindings.runtime} is
 * exported for generated code and tools only: the message header layout, the encoder and decoder,
 * the codecs of generated types and their registry, the runtime schema of Mojom types, the
 * validator and the schema-driven value codec. Its API may change with the compiler that targets
 * it. {@code org.jmojo.bindings.internal} is not exported: it lets the runtime copy the value
 * types' arrays without a defensive copy.
 */
module org.jmojo.bindings {
    requires transitive org.jmojo.core;

    exports org.jmojo.bindings;
    exports org.jmojo.bindings.runtime;
}
