/**
 * The Mojom compiler: {@code .mojom} text to a resolved, packed model
 * ({@link org.jmojo.mojom.model}) and, through a {@link org.jmojo.mojom.JavaGenerator}, to Java.
 * Entry points: {@link org.jmojo.mojom.MojomCompiler} and the command line
 * {@link org.jmojo.mojom.Main}.
 */
module org.jmojo.mojom {
    exports org.jmojo.mojom;
    exports org.jmojo.mojom.model;

    requires info.picocli;
    requires com.palantir.javapoet;
    // JavaPoet's API mentions javax.lang.model types, and its automatic module cannot say so.
    requires java.compiler;

    uses org.jmojo.mojom.JavaGenerator;
    // The same generator META-INF/services names for the class path.
    provides org.jmojo.mojom.JavaGenerator with org.jmojo.mojom.gen.JavaSourceGenerator;

    // picocli reads the command classes reflectively.
    opens org.jmojo.mojom to info.picocli;
    opens org.jmojo.mojom.compat to info.picocli;
}
