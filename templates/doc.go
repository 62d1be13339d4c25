// Package templates holds what electplan embeds besides code: the
// scaffolds `electplan init` writes, the fonts of the PDF outputs and the
// fixed wording of the operational order. It imports nothing of the
// project.
package templates

import "embed"

// Init holds the plan-folder scaffolds written by `electplan init`: files
// common to every folder under init/common, the general-election files
// under init/general and the by-election ones under init/by-election.
// Files ending .tmpl are text/template files rendered with the values
// given on the command line.
//
//go:embed init
var Init embed.FS

// Fonts holds Liberation Sans (regular, bold, italic; SIL Open Font
// Licence, see fonts/LICENSE-OFL.txt). It covers Welsh (â ê î ô û ŵ ŷ)
// and the rest of Latin Extended-A, so every name prints.
//
//go:embed fonts/*.ttf
var Fonts embed.FS

// OrderWording is the fixed wording of the operational order (intent,
// method, contingencies, communications, human rights, offences), as YAML.
//
//go:embed wording/order.yaml
var OrderWording []byte

// BriefingWording is the fixed wording of a candidate's briefing pack
// (contacts, how to report, safety, online abuse, home address, offences
// in plain words), as YAML.
//
//go:embed wording/briefing.yaml
var BriefingWording []byte

// ContributionTemplate is the commented contribution file a candidate,
// agent or party may fill in instead of the XLSX form (text/template).
//
//go:embed contribution.yaml.tmpl
var ContributionTemplate []byte
