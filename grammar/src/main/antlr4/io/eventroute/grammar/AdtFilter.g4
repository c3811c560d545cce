/*
 * The route filter language, dialect `adt` (see docs/filter-language.md, sections 2 and 3).
 *
 * Precedence, lowest first: OR, AND, NOT, predicates (comparison, IN, LIKE, IS NULL), + -, * / %,
 * unary minus. One rule per level so that the tree shape is the precedence.
 *
 * The lexer never fails: every character becomes some token (ERROR_CHAR, UNTERMINATED_STRING and
 * DOUBLE_MINUS exist only so that the compiler can give them precise diagnostics). Paths are a single
 * token so that spaces inside a path are impossible; the compiler splits them into segments.
 */
grammar AdtFilter;

options { caseInsensitive = true; }

filter     : orExpr EOF ;

orExpr     : andExpr ( OR andExpr )* ;

andExpr    : notExpr ( AND notExpr )* ;

notExpr    : NOT notExpr                                      # notOperator
           | predicate                                        # predicateOperand
           ;

predicate  : additive predicateTail? ;

predicateTail
           : compOp additive                                  # comparisonTail
           | NOT? IN LPAREN inItem ( COMMA inItem )* RPAREN   # inTail
           | NOT? LIKE string ( ESCAPE string )?              # likeTail
           | IS NOT? NULL                                     # isNullTail
           ;

compOp     : EQ | NEQ | LTGT | LT | LE | GT | GE ;

additive   : term ( additiveOp term )* ;

additiveOp : PLUS | MINUS ;

term       : unary ( termOp unary )* ;

termOp     : STAR | SLASH | PERCENT ;

unary      : MINUS unary                                      # negation
           | primary                                          # primaryOperand
           ;

primary    : literal                                          # literalPrimary
           | IDENT LPAREN ( orExpr ( COMMA orExpr )* )? RPAREN   # callPrimary
           | IDENT                                            # attributePrimary
           | DOLLAR_PATH                                      # dollarPrimary
           | AT_PATH                                          # elementPrimary
           | LPAREN orExpr RPAREN                             # parenPrimary
           ;

inItem     : MINUS? number | string | TRUE | FALSE | NULL ;

literal    : number | string | TRUE | FALSE | NULL ;

number     : INTEGER | DECIMAL | HEX ;

string     : SQ_STRING | DQ_STRING ;

// ---------------------------------------------------------------------------------------------
// Lexer. Keywords are case-insensitive (grammar option); identifiers keep their spelling and the
// compiler checks their case.

AND        : 'and' ;
OR         : 'or' ;
NOT        : 'not' ;
IN         : 'in' ;
IS         : 'is' ;
NULL       : 'null' ;
TRUE       : 'true' ;
FALSE      : 'false' ;
LIKE       : 'like' ;
ESCAPE     : 'escape' ;

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
DOUBLE_MINUS : '--' ;
MINUS      : '-' ;
STAR       : '*' ;
SLASH      : '/' ;
PERCENT    : '%' ;

HEX        : '0x' [0-9a-f]+ ;
DECIMAL    : DIGIT+ '.' DIGIT+ EXPONENT? | DIGIT+ EXPONENT ;
INTEGER    : DIGIT+ ;

// Inside a string the delimiter is written twice, or escaped by a backslash; a backslash followed by
// the delimiter always escapes it, every other backslash is an ordinary character.
SQ_STRING  : '\'' SQ_CHAR* '\'' ;
DQ_STRING  : '"' DQ_CHAR* '"' ;
// A string with no closing delimiter runs to the end of the input; being longer than any terminated
// reading of the same text only when the text really is unterminated, longest-match picks it then.
UNTERMINATED_STRING
           : '\'' SQ_CHAR* '\\'*
           | '"' DQ_CHAR* '\\'*
           ;

DOLLAR_PATH : '$' PATH_NAME? PATH_SEGMENT* ;
AT_PATH    : '@' PATH_SEGMENT* ;

IDENT      : [a-z_] [a-z0-9_]* ;

WS         : [ \t\r\n]+ -> skip ;

ERROR_CHAR : . ;

fragment DIGIT      : [0-9] ;
fragment EXPONENT   : 'e' [+-]? DIGIT+ ;
fragment SQ_CHAR    : '\'\'' | '\\'+ '\'' | '\\'+ ~['\\] | ~['\\] ;
fragment DQ_CHAR    : '""' | '\\'+ '"' | '\\'+ ~["\\] | ~["\\] ;
fragment PATH_NAME  : [a-z0-9_$]+ ;
// Permissive on purpose: the compiler parses segments itself and reports a bad one precisely.
fragment PATH_SEGMENT
           : '.' PATH_NAME?
           | '[' ( '\'' SQ_CHAR* '\'' | '"' DQ_CHAR* '"' | ~[\]'" \t\r\n] )* ']'
           ;
