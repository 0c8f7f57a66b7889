package org.jmojo.bindings.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type written by the jmojo Mojom compiler. Code coverage and static-analysis tools can
 * use it to skip generated code; people can use {@link #source()} to find the {@code .mojom} to
 * edit instead of the Java.
 *
 * <p>Kept in class files but not visible by reflection at run time: nothing at run time depends
 * on it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface MojomGenerated {

    /** The {@code .mojom} file the type was generated from, as given to the compiler. */
    String source();

    /** The version of the compiler that wrote the type. */
    String compilerVersion() default "";
}
