package doccheck

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// repoRoot is the repository's top directory, seen from this package's.
const repoRoot = "../.."

// fences returns the fenced code blocks of a Markdown text: each block's
// info string and its body (the lines between the fences, each ending in a
// newline).
func fences(md string) (info, body []string) {
	var in bool
	var b strings.Builder
	for _, line := range strings.SplitAfter(md, "\n") {
		trimmed := strings.TrimRight(line, "\n")
		switch {
		case !in && strings.HasPrefix(trimmed, "```"):
			in = true
			info = append(info, strings.TrimPrefix(trimmed, "```"))
			b.Reset()
		case in && trimmed == "```":
			in = false
			body = append(body, b.String())
		case in:
			b.WriteString(line)
		}
	}
	return info, body
}

// TestLibraryDocShowsOutsideProgram checks that docs/library.md shows
// examples/outside/main.go as it is, and the output the program prints: it
// builds and runs the program, a module of its own that imports the
// library through a replace directive, as an outside user would.
func TestLibraryDocShowsOutsideProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a separate module")
	}
	md, err := os.ReadFile(filepath.Join(repoRoot, "docs", "library.md"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(repoRoot, "examples", "outside")
	src, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	const run = "$ cd examples/outside && go run .\n"
	var code, shown string
	var nCode, nShown int
	infos, bodies := fences(string(md))
	for i, body := range bodies {
		switch {
		case infos[i] == "go" && strings.HasPrefix(body, "// Program outside"):
			code = body
			nCode++
		case infos[i] == "console" && strings.HasPrefix(body, run):
			shown = strings.TrimPrefix(body, run)
			nShown++
		}
	}
	if nCode != 1 || nShown != 1 {
		t.Fatalf("docs/library.md: %d go blocks starting \"// Program outside\" and %d console blocks starting %q; want one of each", nCode, nShown, run)
	}
	if code != string(src) {
		t.Errorf("docs/library.md does not show examples/outside/main.go as it is: copy the file into its go block")
	}

	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	cmd := exec.Command(gobin, "run", ".")
	cmd.Dir = dir
	// -mod=mod: the outside module's go.sum may trail a change of the
	// main module's requirements; GOWORK=off: no workspace of the caller's.
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.WaitDelay = time.Second
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run . in examples/outside: %v\n%s", err, stderr.String())
	}
	if string(out) != shown {
		t.Errorf("examples/outside prints\n%s\ndocs/library.md shows\n%s", out, shown)
	}
}
