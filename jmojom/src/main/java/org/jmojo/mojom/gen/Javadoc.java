package org.jmojo.mojom.gen;

import com.palantir.javapoet.CodeBlock;
import java.util.Optional;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.SourcePosition;

/**
 * Javadoc for generated declarations: the {@code .mojom} comment of the declaration, if it has one,
 * as a first paragraph, escaped so that it is plain text to Javadoc and passes {@code -Xdoclint}
 * ({@code <}, {@code >}, {@code &} and {@code @} become character references, and nothing can
 * close the comment), followed by what the generator says about it.
 */
final class Javadoc {

    private Javadoc() {}

    /** The comment of the declaration named at {@code name}, escaped and ending in a newline, or empty. */
    static Optional<String> of(CompilationResult result, SourcePosition name) {
        return result.docComment(name).map(Javadoc::escape);
    }

    /**
     * {@code doc} (the escaped {@code .mojom} comment) as the first paragraph and {@code generated} as
     * the rest, or {@code generated} alone; {@code generated} is Javadoc text ending in a newline.
     */
    static CodeBlock withDoc(Optional<String> doc, CodeBlock generated) {
        if (doc.isEmpty()) {
            return generated;
        }
        return CodeBlock.builder().add("$L\n\n<p>", doc.get()).add(generated).build();
    }

    /** {@link #withDoc} for a one-sentence description that starts the comment when there is no doc. */
    static CodeBlock withDoc(Optional<String> doc, String generatedSentence) {
        CodeBlock sentence = CodeBlock.of("$L\n", generatedSentence);
        return doc.isEmpty() ? sentence : CodeBlock.of("$L\n\n<p>$L\n", doc.get(), generatedSentence);
    }

    /** {@code text} as plain Javadoc text. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '@' -> out.append("&#64;");
                case '/' -> out.append(i > 0 && text.charAt(i - 1) == '*' ? "&#47;" : "/");
                case '\\' -> out.append("&#92;");
                default -> {
                    if (c < ' ' && c != '\n') {
                        out.append(' ');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
