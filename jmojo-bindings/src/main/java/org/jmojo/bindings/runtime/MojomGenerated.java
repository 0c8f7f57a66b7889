package org.jmojo.bindings.runtime;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type written by the jmojo Mojom compiler. Code coverage and static-analysis tools can
 * use it to skip generated code; people can use {@link #source()} to find the {@code .mojom} to
 * edit instead of the Java.
 *
 * <p>Visible at run time: {@link Codecs} reads {@link #codecs()} to find a type's codec.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MojomGenerated {

    /** The {@code .mojom} file the type was generated from, by its import path (or file name). */
    String source();

    /** The version of the compiler that wrote the type. */
    String compilerVersion() default "";

    /**
     * The package-private class that holds the codec of this struct or union, or the schema of this
     * enum, and registers it with {@link Codecs}; {@code void.class} for other types.
     */
    Class<?> codecs() default void.class;
}
