package org.jmojo.mojom.gen;

/** The versions generated code records: the compiler's own and the runtime API it targets. */
final class CompilerVersion {

    /** The compiler version named in every generated file's header comment. */
    static final String VERSION = "0.2.0";

    /** The {@code RuntimeVersion.MAJOR} generated code needs. */
    static final int RUNTIME_MAJOR = 1;

    /** The lowest {@code RuntimeVersion.MINOR} generated code needs. */
    static final int RUNTIME_MINOR = 0;

    private CompilerVersion() {}
}
