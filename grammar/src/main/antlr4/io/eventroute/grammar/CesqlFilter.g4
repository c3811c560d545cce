/*
 * CloudEvents SQL v1, dialect `cesql` (see docs/filter-language.md section 9 and
 * docs/cesql-notes.md).
 *
 * Precedence, loosest first, as the spec text lists it: AND OR XOR (one level, left to right);
 * comparisons; + -; * / %; the postfix LIKE and IN; the prefix NOT and unary minus; calls. The reference
 * grammar groups AND/OR/XOR to the right; the spec text says left to right, and the text wins. Every
 * binary level is a flat list so that the compiler builds long chains without recursion.
 *
 * LIKE's pattern is parsed as any primary so that a non-literal pattern gets a precise diagnostic
 * (the spec makes it a parse error). Minus is an operator token, never part of a number: "4-1" is a
 * subtraction; the compiler folds a minus applied directly to a literal (so -2147483648 is valid).
 *
 * The lexer never fails: every character becomes some token (ERROR_CHAR and UNTERMINATED_STRING exist
 * only so that the compiler can give them precise diagnostics).
 */
grammar CesqlFilter;

options { caseInsensitive = true; }

filter     : logical EOF ;

logical    : comparison ( logicalOp comparison )* ;

logicalOp  : AND | OR | XOR ;

comparison : additive ( compOp additive )* ;

compOp     : EQ | NEQ | LTGT | LT | LE | GT | GE ;

additive   : multiplicative ( additiveOp multiplicative )* ;

additiveOp : PLUS | MINUS ;

multiplicative
           : postfix ( multiplicativeOp postfix )* ;

multiplicativeOp
           : STAR | SLASH | PERCENT ;

postfix    : unary postfixOp* ;

postfixOp  : NOT? LIKE primary                                    # likeOp
           | NOT? IN LPAREN logical ( COMMA logical )* RPAREN     # inOp
           ;

unary      : NOT unary                                            # notOperator
           | MINUS unary                                          # negation
           | primary                                              # primaryOperand
           ;

primary    : INTEGER                                              # integerLiteral
           | PLUS INTEGER                                         # signedLiteral
           | string                                               # stringLiteral
           | TRUE                                                 # trueLiteral
           | FALSE                                                # falseLiteral
           | EXISTS NAME                                          # existsPrimary
           | NAME LPAREN ( logical ( COMMA logical )* )? RPAREN   # callPrimary
           | NAME                                                 # attributePrimary
           | LPAREN logical RPAREN                                # parenPrimary
           ;

string     : SQ_STRING | DQ_STRING ;

// ---------------------------------------------------------------------------------------------
// Lexer. Keywords, function names and attribute names are case-insensitive (grammar option; the
// compiler lower-cases names).

AND        : 'and' ;
OR         : 'or' ;
XOR        : 'xor' ;
NOT        : 'not' ;
IN         : 'in' ;
LIKE       : 'like' ;
EXISTS     : 'exists' ;
TRUE       : 'true' ;
FALSE      : 'false' ;

LPAREN     : '(' ;
RPAREN     : ')' ;
COMMA      : ',' ;
EQ         : '=' ;
NEQ        : '!=' ;
LTGT       : '<>' ;
LE         : '<=' ;
GE         : '>=' ;
LT         : '<' ;
GT         : '>' ;
PLUS       : '+' ;
MINUS      : '-' ;
STAR       : '*' ;
SLASH      : '/' ;
PERCENT    : '%' ;

// Before NAME: an all-digit word is a number (same length, first rule wins).
INTEGER    : [0-9]+ ;

// Attribute names are letters and digits, function names letters and underscores; one token for
// both so that a bad name gets a diagnostic naming the rule rather than a syntax error.
NAME       : [a-z0-9_]+ ;

// The only escape is a backslash before the string's own delimiter; every other backslash is an
// ordinary character (LIKE patterns rely on it). A doubled delimiter is not an escape (the spec's
// EBNF has none): 'a''b' is two strings in a row, a syntax error.
SQ_STRING  : '\'' SQ_CHAR* '\'' ;
DQ_STRING  : '"' DQ_CHAR* '"' ;
UNTERMINATED_STRING
           : '\'' SQ_CHAR* '\\'*
           | '"' DQ_CHAR* '\\'*
           ;

WS         : [ \t\r\n]+ -> skip ;

ERROR_CHAR : . ;

fragment SQ_CHAR    : '\\'+ '\'' | '\\'+ ~['\\] | ~['\\] ;
fragment DQ_CHAR    : '\\'+ '"' | '\\'+ ~["\\] | ~["\\] ;
