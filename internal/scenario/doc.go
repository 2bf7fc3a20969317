// Package scenario decodes and checks scenario files: the architecture
// (nations with doctrine and release policy, C2 nodes, exchange centers,
// sensors, batteries, links), the defended assets, launch areas and the
// raid, the scenario's own models (missile classes, radar types,
// interceptor types beside the library's) and study parameters.
//
// Decoding is strict and complete (internal/config: the YAML is walked
// against the Go types, File and what it holds) so that every problem —
// syntax, unknown or duplicate keys, wrong types, missing required keys,
// values out of range, unknown references and type names, a model or a
// placement its package's Validate refuses, a threat its missile class
// cannot fly (the flight a run flies, Flight) — is reported at once as
// file:line:col: field: what is wrong (config.Problems): a file Decode
// accepts is one a run accepts. Units are in key names; Schema publishes
// the JSON Schema generated from the same types (scenarios/schema.json)
// for editors.
//
// Decode fills the domain packages' own configuration types once: each
// sensor's placed radar (sensor.Placement), each battery's interceptor type
// with its overrides (intercept.Overrides), each threat's missile class,
// and the defaults the file leaves. A run takes them as they are.
package scenario
