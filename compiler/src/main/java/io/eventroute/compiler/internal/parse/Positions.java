package io.eventroute.compiler.internal.parse;

import io.eventroute.compiler.ast.Span;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Maps ANTLR's code-point indexes to the UTF-16 offsets spans use. */
final class Positions {
    private final String source;
    private final int[] utf16Offsets; // by code point index; null when the source has no surrogates

    Positions(String source) {
        this.source = source;
        int codePoints = source.codePointCount(0, source.length());
        if (codePoints == source.length()) {
            utf16Offsets = null;
        } else {
            utf16Offsets = new int[codePoints + 1];
            int offset = 0;
            for (int i = 0; i < codePoints; i++) {
                utf16Offsets[i] = offset;
                offset += Character.charCount(source.codePointAt(offset));
            }
            utf16Offsets[codePoints] = source.length();
        }
    }

    int offset(int codePointIndex) {
        if (utf16Offsets == null) {
            return Math.min(codePointIndex, source.length());
        }
        return utf16Offsets[Math.min(codePointIndex, utf16Offsets.length - 1)];
    }

    Span span(Token t) {
        if (t.getType() == Token.EOF) {
            return new Span(source.length(), 0);
        }
        int start = offset(t.getStartIndex());
        int end = offset(t.getStopIndex() + 1);
        return new Span(start, Math.max(0, end - start));
    }

    Span span(TerminalNode n) {
        return span(n.getSymbol());
    }

    Span span(Token first, Token last) {
        Span a = span(first);
        Span b = span(last);
        return a.to(b);
    }
}
