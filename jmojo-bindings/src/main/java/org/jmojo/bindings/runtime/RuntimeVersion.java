package org.jmojo.bindings.runtime;

/**
 * The version of this runtime as generated code sees it, and the check every generated class runs
 * in its static initializer.
 *
 * <p>Generated code records the runtime version it was written against. It runs on a runtime of
 * the same {@link #MAJOR} version whose {@link #MINOR} version is at least the one it was written
 * for (a newer minor version only adds API). Anything else fails class initialization with a
 * message naming the generated class, instead of failing later with a linkage error deep inside
 * an encode call.
 */
public final class RuntimeVersion {

    /** Incremented when generated code of an older major version can no longer run. */
    public static final int MAJOR = 1;

    /** Incremented when the runtime adds API that newly generated code may use. */
    public static final int MINOR = 0;

    private RuntimeVersion() {}

    /**
     * Checks that generated code written for runtime {@code major.minor} can run on this runtime.
     *
     * @param major the runtime major version the code was generated for
     * @param minor the runtime minor version the code was generated for
     * @param generatedClass the fully qualified name of the calling generated class, for the message
     * @throws IllegalStateException if the versions are incompatible
     */
    public static void check(int major, int minor, String generatedClass) {
        if (major != MAJOR || minor > MINOR) {
            throw new IllegalStateException(generatedClass + " was generated for jmojo runtime " + major + "." + minor
                    + ", but this runtime is " + MAJOR + "." + MINOR + " (needs the same major version and a minor "
                    + "version at least as new); regenerate it with a matching jmojom or change the "
                    + "jmojo-bindings dependency");
        }
    }
}
