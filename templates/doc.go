// Package templates holds what electplan embeds besides code: the
// scaffolds `electplan init` writes, and (as the plan grows) the fonts and
// the fixed wording of the operational order. It imports nothing of the
// project.
package templates

import "embed"

// Init holds the plan-folder scaffolds written by `electplan init`: the
// general-election folder under init/general and the one-constituency
// by-election folder under init/by-election. Files ending .tmpl are
// text/template files rendered with the values given on the command line.
//
//go:embed init
var Init embed.FS
