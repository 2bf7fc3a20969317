package doccheck

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// maxReadmeBytes keeps README.md a front page: what JRMD is, for whom, the
// two commands, the headline results and links into docs/.
const maxReadmeBytes = 8192

func TestReadmeIsAFrontPage(t *testing.T) {
	fi, err := os.Stat(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() > maxReadmeBytes {
		t.Errorf("README.md is %d bytes, more than %d: move the detail into docs/ and link to it", fi.Size(), maxReadmeBytes)
	}
}

// markdownFiles lists README.md and every .md file under docs/, relative
// to the repository's root.
func markdownFiles(t *testing.T) []string {
	t.Helper()
	files := []string{"README.md"}
	err := fs.WalkDir(os.DirFS(repoRoot), "docs", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".md") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// inlineLink matches an inline link or image, [text](target) or
// ![alt](target), with an optional "title"; targets with spaces or
// parentheses are not used here.
var inlineLink = regexp.MustCompile(`!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)

// links returns the inline links' targets of a Markdown text, each with its
// line number, leaving out fenced code blocks and code spans.
func links(md string) (targets []string, lineNos []int) {
	fenced := false
	for i, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		for _, m := range inlineLink.FindAllStringSubmatch(stripCodeSpans(line), -1) {
			targets = append(targets, m[1])
			lineNos = append(lineNos, i+1)
		}
	}
	return targets, lineNos
}

// stripCodeSpans removes `code spans` from a line.
func stripCodeSpans(line string) string {
	var b strings.Builder
	in := false
	for _, r := range line {
		if r == '`' {
			in = !in
			continue
		}
		if !in {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// anchors returns the anchors GitHub makes of a Markdown file's headings:
// the heading's text lower-cased, stripped of everything but letters,
// digits, spaces, hyphens and underscores, spaces made hyphens, and a
// repeated anchor suffixed -1, -2, ….
func anchors(md string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	fenced := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced || !strings.HasPrefix(line, "#") {
			continue
		}
		text := strings.TrimSpace(strings.TrimLeft(line, "#"))
		var b strings.Builder
		for _, r := range strings.ToLower(text) {
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
				b.WriteRune(r)
			case r == ' ':
				b.WriteRune('-')
			}
		}
		a := b.String()
		if n := seen[a]; n > 0 {
			out[a+"-"+strconv.Itoa(n)] = true
		} else {
			out[a] = true
		}
		seen[a]++
	}
	return out
}

// TestRelativeLinks checks that every relative link of README.md and
// docs/**/*.md leads to a file or directory of the repository and, when it
// names a heading of a Markdown file (#anchor), to a heading that exists.
func TestRelativeLinks(t *testing.T) {
	files := markdownFiles(t)
	if len(files) < 10 {
		t.Fatalf("found only %d Markdown files: is the repository root %s?", len(files), repoRoot)
	}
	checked := 0
	for _, file := range files {
		md, err := os.ReadFile(filepath.Join(repoRoot, file))
		if err != nil {
			t.Fatal(err)
		}
		targets, lineNos := links(string(md))
		for i, target := range targets {
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			checked++
			path, anchor, _ := strings.Cut(target, "#")
			resolved := file // a bare #anchor is in the same file
			if path != "" {
				if strings.HasPrefix(path, "/") {
					t.Errorf("%s:%d: %s: link relative to the file, not to /", file, lineNos[i], target)
					continue
				}
				resolved = filepath.Join(filepath.Dir(file), path)
			}
			if rel, err := filepath.Rel(".", resolved); err != nil || strings.HasPrefix(rel, "..") {
				t.Errorf("%s:%d: %s: leads outside the repository", file, lineNos[i], target)
				continue
			}
			body, err := os.ReadFile(filepath.Join(repoRoot, resolved))
			if err != nil {
				if fi, serr := os.Stat(filepath.Join(repoRoot, resolved)); serr == nil && fi.IsDir() && anchor == "" {
					continue
				}
				t.Errorf("%s:%d: %s: no such file %s", file, lineNos[i], target, resolved)
				continue
			}
			if anchor != "" && strings.HasSuffix(resolved, ".md") && !anchors(string(body))[anchor] {
				t.Errorf("%s:%d: %s: %s has no heading #%s", file, lineNos[i], target, resolved, anchor)
			}
		}
	}
	if checked == 0 {
		t.Error("found no relative links at all")
	}
}
