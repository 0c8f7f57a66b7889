/**
 * The runtime under generated Mojom code.
 *
 * <p>{@code org.jmojo.bindings} holds the types users see: the value types of generated fields
 * ({@link org.jmojo.bindings.Bytes}, the primitive lists such as {@link org.jmojo.bindings.IntList},
 * {@link org.jmojo.bindings.EnumList}), the pending endpoints ({@link org.jmojo.bindings.PendingRemote},
 * {@link org.jmojo.bindings.PendingReceiver} and their associated kinds) with
 * {@link org.jmojo.bindings.InterfaceDescriptor}, the placeholder types of handle kinds the core
 * lacks, {@link org.jmojo.bindings.ValidationException}, and the endpoints that make calls:
 * {@link org.jmojo.bindings.Remote}, {@link org.jmojo.bindings.Receiver} with
 * {@link org.jmojo.bindings.DispatchSequence}, {@link org.jmojo.bindings.CallContext},
 * {@link org.jmojo.bindings.DisconnectReason}, {@link org.jmojo.bindings.BindingException} and
 * {@link org.jmojo.bindings.BadMessages}; associated interfaces on one pipe
 * ({@link org.jmojo.bindings.AssociatedPair}); and what users write around them:
 * {@link org.jmojo.bindings.ReceiverSet}, {@link org.jmojo.bindings.RemoteSet},
 * {@link org.jmojo.bindings.Interceptor}, and {@link org.jmojo.bindings.StreamSender} for streams whose
 * window the responses carry. {@code org.jmojo.bindings.runtime} is
 * exported for generated code and tools only: the message header layout, the encoder and decoder,
 * the codecs of generated types and their registry, the runtime schema of Mojom types, the
 * validator, the schema-driven value codec, and the seam between a generated interface and the
 * router ({@link org.jmojo.bindings.runtime.InterfaceBinding},
 * {@link org.jmojo.bindings.runtime.MethodCaller}). Its API may change with the compiler that
 * targets it. {@code org.jmojo.bindings.internal} is not exported: it lets the runtime copy the value
 * types' arrays without a defensive copy; nor is {@code org.jmojo.bindings.internal.router}, the
 * router under {@code Remote} and {@code Receiver} (docs/architecture.md §6).
 */
module org.jmojo.bindings {
    requires transitive org.jmojo.core;

    exports org.jmojo.bindings;
    exports org.jmojo.bindings.runtime;
}
