/**
 * The runtime under generated Mojom code.
 *
 * <p>{@code org.jmojo.bindings} holds the types users see ({@link org.jmojo.bindings.ValidationError},
 * {@link org.jmojo.bindings.ValidationException}). {@code org.jmojo.bindings.runtime} is exported
 * for generated code and tools only: the message header layout, the encoder and decoder, the
 * runtime schema of Mojom types, the validator and the schema-driven value codec. Its API may
 * change with the compiler that targets it.
 */
module org.jmojo.bindings {
    requires transitive org.jmojo.core;

    exports org.jmojo.bindings;
    exports org.jmojo.bindings.runtime;
}
