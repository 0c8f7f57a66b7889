package org.jmojo.mojom.lex;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jmojo.mojom.model.DocComments;
import org.jmojo.mojom.model.SourcePosition;

/**
 * Finds the documentation comment of each declaration of one file from its tokens and comments,
 * without the parser: the declaration around a name starts after the nearest {@code ;}, {@code ,},
 * {@code {}, {@code }} or {@code (} before the name that is not inside brackets (so attributes and
 * types such as {@code map<K, V>} belong to it), and ends at the next such token after it.
 *
 * <p>The comment of a declaration is the run of comments that ends on the line before its first
 * token (or on that line, before it), each comment in the run starting at most one line after the
 * previous one ends; a comment on the line of the previous declaration's last token belongs to that
 * declaration instead. A declaration on one line with no such comment takes the comment that starts
 * on its line right after its last token ({@code RED,  // the colour of stop}).
 *
 * <p>Immutable once built; each lookup costs the length of the declaration it looks at.
 */
public final class DocCommentIndex implements DocComments {

    private final List<Token> tokens;
    private final List<Lexer.Comment> comments;
    private final Map<SourcePosition, Integer> nameTokens = new HashMap<>();

    private DocCommentIndex(List<Token> tokens, List<Lexer.Comment> comments) {
        this.tokens = tokens;
        this.comments = comments;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).kind() == TokenKind.NAME) {
                nameTokens.put(tokens.get(i).position(), i);
            }
        }
    }

    /** The index of {@code text}, read as {@code file}; empty if the text does not lex (the parser reports why). */
    public static DocCommentIndex of(Path file, String text) {
        Lexer lexer = new Lexer(file, text);
        try {
            List<Token> tokens = lexer.tokenize();
            return new DocCommentIndex(tokens, lexer.comments());
        } catch (LexException e) {
            return new DocCommentIndex(List.of(), List.of());
        }
    }

    @Override
    public Optional<String> of(SourcePosition name) {
        Integer at = nameTokens.get(name);
        if (at == null) {
            return Optional.empty();
        }
        int first = declarationStart(at);
        Optional<String> leading = leading(first);
        return leading.isPresent() ? leading : trailing(at);
    }

    private static boolean isSeparator(TokenKind k) {
        return k == TokenKind.SEMI || k == TokenKind.COMMA || k == TokenKind.LBRACE || k == TokenKind.RBRACE
                || k == TokenKind.LPAREN;
    }

    /** The index of the first token of the declaration whose name is token {@code at}. */
    private int declarationStart(int at) {
        int depth = 0;
        for (int i = at - 1; i >= 0; i--) {
            TokenKind k = tokens.get(i).kind();
            if (k == TokenKind.RANGLE || k == TokenKind.RBRACKET || k == TokenKind.RPAREN) {
                depth++;
            } else if (k == TokenKind.LANGLE || k == TokenKind.LBRACKET) {
                if (depth == 0) {
                    return i + 1;
                }
                depth--;
            } else if (depth == 0 && isSeparator(k)) {
                return i + 1;
            } else if (k == TokenKind.LPAREN) {
                depth--;
            }
        }
        return 0;
    }

    private Optional<String> leading(int first) {
        SourcePosition start = tokens.get(first).position();
        SourcePosition previous = first > 0 ? tokens.get(first - 1).position() : null;
        int end = firstCommentAtOrAfter(start);
        List<Lexer.Comment> run = new ArrayList<>();
        int nextLine = start.line();
        for (int i = end - 1; i >= 0; i--) {
            Lexer.Comment c = comments.get(i);
            if (previous != null && (before(c.start(), previous) || c.start().line() == previous.line())) {
                break;
            }
            if (c.endLine() < nextLine - 1) {
                break;
            }
            run.addFirst(c);
            nextLine = c.start().line();
        }
        return text(run);
    }

    private Optional<String> trailing(int at) {
        int depth = 0;
        for (int i = at + 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            TokenKind k = t.kind();
            if (t.position().line() != tokens.get(at).position().line()) {
                return Optional.empty();
            }
            if (k == TokenKind.LANGLE || k == TokenKind.LBRACKET || k == TokenKind.LPAREN || k == TokenKind.LBRACE) {
                depth++;
            } else if (depth > 0 && (k == TokenKind.RANGLE || k == TokenKind.RBRACKET || k == TokenKind.RPAREN
                    || k == TokenKind.RBRACE)) {
                depth--;
            } else if (depth == 0 && (k == TokenKind.SEMI || k == TokenKind.COMMA || k == TokenKind.RBRACE)) {
                SourcePosition last = (k == TokenKind.RBRACE ? tokens.get(i - 1) : t).position();
                int c = firstCommentAtOrAfter(last);
                if (c < comments.size() && comments.get(c).start().line() == last.line()
                        && (i + 1 >= tokens.size() || before(comments.get(c).start(), tokens.get(i + 1).position())
                                || k == TokenKind.RBRACE)) {
                    return text(List.of(comments.get(c)));
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The index of the first comment that starts at or after {@code p}. */
    private int firstCommentAtOrAfter(SourcePosition p) {
        int lo = 0;
        int hi = comments.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (before(comments.get(mid).start(), p)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static boolean before(SourcePosition a, SourcePosition b) {
        return a.line() < b.line() || a.line() == b.line() && a.column() < b.column();
    }

    /**
     * The comments' text, one line per line: the marker's following space, a block comment's
     * leading {@code *} on each line and blank first and last lines removed.
     */
    private static Optional<String> text(List<Lexer.Comment> run) {
        List<String> lines = new ArrayList<>();
        for (Lexer.Comment c : run) {
            for (String line : c.text().split("\n", -1)) {
                String l = line.strip();
                if (l.startsWith("*") || l.startsWith("/")) {
                    l = l.replaceFirst("^[*/]+", "").strip();
                }
                lines.add(l);
            }
        }
        while (!lines.isEmpty() && lines.getFirst().isEmpty()) {
            lines.removeFirst();
        }
        while (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", lines));
    }
}
