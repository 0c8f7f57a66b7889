package org.jmojo.mojom.gen;

import com.palantir.javapoet.AnnotationSpec;

/** Annotations the generator puts on generated members. */
final class AnnotationsHelper {

    private AnnotationsHelper() {}

    /**
     * {@code @SuppressWarnings("unchecked")}, for the casts from a union's {@code Object} value to a
     * parameterized member type: the factories only store values of the member's type.
     */
    static AnnotationSpec unchecked() {
        return AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build();
    }
}
