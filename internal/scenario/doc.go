// Package scenario decodes and checks scenario files: the architecture
// (nations with doctrine and release policy, C2 nodes, exchange centers,
// sensors, batteries, links), the defended assets, launch areas and the
// raid, and study parameters.
//
// Decoding is strict and complete: the YAML is walked against the Go types
// (File and what it holds) so that every problem — syntax, unknown or
// duplicate keys, wrong types, missing required keys, values out of range,
// unknown references and library names, threats their missile class cannot
// fly (ballistic.MaxRange on the threat's bearing) — is reported at once as
// file:line:col: field: what is wrong (Problems). Units are in key names;
// Schema publishes the JSON Schema generated from the same types
// (scenarios/schema.json) for editors.
package scenario
