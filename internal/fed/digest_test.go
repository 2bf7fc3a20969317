package fed

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/internal/scenario"
)

// The digest nodes compare covers the decoded scenario, its own models
// too: changing one figure of a model of the scenario's own, or of the
// figures a library type is changed by, changes it; the same file decoded
// under another name does not.
func TestDigestCoversModels(t *testing.T) {
	data, err := os.ReadFile("../../scenarios/custom-models.yaml")
	if err != nil {
		t.Fatal(err)
	}
	digest := func(name, text string) []byte {
		t.Helper()
		f, err := scenario.Decode(name, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		d, err := Digest(f)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	base := digest("custom-models.yaml", string(data))
	if !bytes.Equal(base, digest("/elsewhere/copy.yaml", string(data))) {
		t.Error("the same scenario under another file name has another digest")
	}
	for _, change := range [][2]string{
		{"    pk: 0.8\n", "    pk: 0.7\n"},                                   // the interceptor type defined here
		{"    dwell_s: 0.02315\n", "    dwell_s: 0.0232\n"},                  // the radar type defined here
		{"    reentry_beta_kg_m2: 3000\n", "    reentry_beta_kg_m2: 3100\n"}, // the change to a library class
		{"    base: mrbm\n", "    base: irbm\n"},                             // the library class changed
	} {
		text := strings.Replace(string(data), change[0], change[1], 1)
		if text == string(data) {
			t.Fatalf("%q not in the scenario", change[0])
		}
		if bytes.Equal(base, digest("custom-models.yaml", text)) {
			t.Errorf("%q → %q leaves the digest as it was", change[0], change[1])
		}
	}
}
