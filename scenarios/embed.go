// Package scenarios holds the ready-to-run scenario files, embedded in the
// binary so that `jrmd demo` needs no files on disk.
package scenarios

import _ "embed"

// JointRegional2007 is scenarios/joint-regional-2007.yaml, the reference
// architecture.
//
//go:embed joint-regional-2007.yaml
var JointRegional2007 []byte

// Schema is scenarios/schema.json, the JSON Schema of scenario files.
//
//go:embed schema.json
var Schema []byte
