/* SPDX-License-Identifier: GPL-2.0 */
/* deftt-schemac grammar: VerSec definitions, constraints and signing chains. */
%code requires {
#include "compiler.h"
}

%code {
#include <string.h>

#define YYSTACK_USE_ALLOCA 1
int scylex(YYSTYPE *lval, YYLTYPE *lloc, void *scanner);
static void scyerror(YYLTYPE *l, void *scanner, struct sc *sc,
		     const char *msg);

static struct sc_loc L(YYLTYPE l)
{
	struct sc_loc r = { l.first_line, l.first_column };

	return r;
}
}

%define api.pure full
%define api.prefix {scy}
%define parse.error verbose
%locations
%param {void *scanner}
%parse-param {struct sc *sc}

%union {
	scomp comp;
	struct sname name;
}

%token <comp> STR "name"
%token <comp> LIT "literal"
%token END 0 "end of file"
%token LARROW "<="
%token BADCHAR "invalid character"
%token '='

%type <name> expr struct fields field certs chain

%left '&'
%left '|'
%left '/'

%%

input:	%empty
	| input item ','
	| input error ','	{ yyerrok; sc_item_reset(sc); (void)yynerrs; }
	;

item:	def
	| chain			{ sc_chain_stmt(sc, $1, L(@1)); }
	;

def:	STR ':' expr
		{ sc_def(sc, $1, L(@1), $3, NULL, NULL); }
	| STR ':' expr LARROW certs
		{ sc_def(sc, $1, L(@1), $3, NULL, &$5); }
	| STR ':' expr '&' struct
		{ sc_def(sc, $1, L(@1), $3, &$5, NULL); }
	| STR ':' expr '&' struct LARROW certs
		{ sc_def(sc, $1, L(@1), $3, &$5, &$7); }
	;

expr:	LIT			{ $$ = sc_name1(sc, SC_MK(SC_ID($1), SCF_LIT)); }
	| '/' LIT		{ $$ = sc_name1(sc, SC_MK(SC_ID($2), SCF_LIT)); }
	| STR			{ sc_ref_seen(sc, $1); $$ = sc_name1(sc, $1); }
	| '/' STR		{ sc_ref_seen(sc, $2); $$ = sc_name1(sc, $2); }
	| STR '(' ')'		{ $$ = sc_call(sc, $1, L(@1)); }
	| expr '/' expr		{ $$ = sc_cat(sc, $1, $3); }
	| expr '|' expr		{ $$ = sc_binop(sc, $1, $3, SCO_RESOLVE); }
	| '(' expr ')'		{ $$ = $2; }
	;

struct:	'{' fields '}'		{ $$ = $2; }
	| '{' fields ',' '}'	{ $$ = $2; }
	| struct '&' struct	{ $$ = sc_binop(sc, $1, $3, SCO_UNIFY); }
	| struct '|' struct	{ $$ = sc_binop(sc, $1, $3, SCO_RESOLVE); }
	| '(' struct ')'	{ $$ = $2; }
	;

fields:	field
	| fields ',' field	{ $$ = sc_binop(sc, $1, $3, SCO_STRUCT); }
	;

field:	STR ':' expr
		{
			sc_field_seen(sc, $1, L(@1));
			$$ = sc_binop(sc, sc_name1(sc, $1), $3, SCO_FIELD);
		}
	;

/*
 * Decision (versec.md §7): a signing chain statement needs at least two
 * names. DCT also accepts a lone name, which does nothing (or reads past
 * the chain when the name is a pub); we report it as a syntax error.
 */
chain:	STR LARROW STR	{ $$ = sc_cat(sc, sc_name1(sc, $1), sc_name1(sc, $3)); }
	| chain LARROW STR	{ $$ = sc_cat(sc, $1, sc_name1(sc, $3)); }
	;

certs:	STR			{ $$ = sc_name1(sc, $1); }
	| certs '|' STR		{ $$ = sc_cat(sc, $1, sc_name1(sc, $3)); }
	;

%%

static void scyerror(YYLTYPE *l, void *scanner, struct sc *sc,
		     const char *msg)
{
	(void)scanner;
	if (sc->last_tok == BADCHAR)
		return;		/* the lexer already said what is wrong */
	sc_error(sc, L(*l), "%s", msg);
	/*
	 * Open question of versec.md §7 decided: '=' is not a synonym of ':'
	 * (DCT's grammar has no rule for it either); we only add a hint.
	 */
	if (sc->last_tok == '=')
		sc_note(sc, L(*l),
			"VerSec defines with ':' (name: expression), not '='");
	else if (strstr(msg, "':'"))
		sc_note(sc, L(*l),
			"a statement is a definition 'name: expression [& {constraints}] [<= signer | ...]' or a signing chain 'a <= b'");
}
