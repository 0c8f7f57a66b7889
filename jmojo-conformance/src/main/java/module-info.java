/**
 * Runs Chromium's validation cases and the golden encodings against jmojo's compiler and
 * bindings: the {@code .data} parser, the compiler-model-to-runtime-schema adapter and the case
 * runner behind {@code jmojo conformance}.
 */
module org.jmojo.conformance {
    requires transitive org.jmojo.bindings;
    requires transitive org.jmojo.mojom;
    requires com.fasterxml.jackson.databind;

    exports org.jmojo.conformance;
}
