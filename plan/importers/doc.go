// Package importers reads the files councils and Democracy Club publish —
// candidates, polling stations, hustings — into the input standard, and
// merges them into a plan folder without losing what the SPOC typed.
//
// Each import reads its file as it comes (any of the common delimiters, a
// byte-order mark, Windows-1252 or UTF-16 text, title lines above the
// header), streaming the rows so a council's 100 MB export is read once.
// A file in the wrong layout is refused with the columns it lacks and the
// --format it looks like. The records are then merged into the folder's
// YAML by id: the importer sets only the fields it owns, leaves every
// other key and comment as the SPOC wrote them, adds new records, and
// reports (never deletes) records no longer in the source. Only the items
// that change are rewritten; the rest of each file stays byte for byte.
// Nothing is written when the merged folder would have problems the import
// caused, other than placeholders left for the SPOC to fill in.
package importers
