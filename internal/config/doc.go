// Package config is the one home of JRMD's configuration files: the one
// strict YAML decoder every file format uses (scenarios, tracker
// configurations), the one Problem type every decoder and every Validate
// reports with, and the JSON Schema generated from the same Go types.
//
// A configuration type is a Go struct whose fields carry their YAML key
// and their description in tags:
//
//	type Link struct {
//		From      string  `yaml:"from" required:"true"`
//		LatencyMs float64 `yaml:"latency_ms" doc:"one-way latency, ms" range:"[0, 3600000]" default:"0"`
//	}
//
// yaml names the key (units in the name; "-" skips the field; ",inline"
// decodes an embedded struct's keys as the outer one's), required marks a
// key that must be given, range bounds a number ("[lo, hi]", "(" or ")"
// for an open end), default documents the value a zero field stands for,
// and doc describes the key. A type whose pointer implements
// encoding.TextUnmarshaler decodes from a string; one that also lists its
// names (Enum) is an enumeration. An entry that may start from a library
// value (Based) decodes its own keys onto it.
//
// Decoder walks the YAML node tree against the type and reports every
// problem at once, each at its file:line:col with the path of its key:
// syntax, unknown and repeated keys (with the likely key meant), wrong
// types, missing required keys, numbers out of range, names not in an
// enumeration. A type's own Validate returns its problems as an *Invalid,
// each naming the key at fault; Decoder.Report places them in the file.
package config
