package sim

import (
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/scenario"
	"github.com/jrmd/jrmd/track"
)

// refusalSites lists every return of a non-nil error in build and the
// functions of this package it calls before the run starts (function
// literals, which run later, are not followed), each as "function: what
// it returns", an error passed on named with the call it came from.
func refusalSites(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	files, _ := filepath.Glob("*.go")
	decls := map[string][]*ast.FuncDecl{}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				decls[fd.Name.Name] = append(decls[fd.Name.Name], fd)
			}
		}
	}
	text := func(n ast.Node) string {
		var b strings.Builder
		printer.Fprint(&b, fset, n)
		return b.String()
	}
	returnsError := func(fd *ast.FuncDecl) bool {
		r := fd.Type.Results
		return r != nil && len(r.List) > 0 && text(r.List[len(r.List)-1].Type) == "error"
	}
	var sites []string
	seen := map[*ast.FuncDecl]bool{}
	var walk func(fd *ast.FuncDecl)
	walk = func(fd *ast.FuncDecl) {
		if seen[fd] || fd.Body == nil {
			return
		}
		seen[fd] = true
		var stack []ast.Node
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if _, ok := n.(*ast.FuncLit); ok {
				return false // runs later, not at setup
			}
			stack = append(stack, n)
			switch n := n.(type) {
			case *ast.CallExpr:
				var name string
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					if _, pkg := fn.X.(*ast.Ident); !pkg || decls[fn.Sel.Name] != nil {
						name = fn.Sel.Name
					}
				}
				for _, callee := range decls[name] {
					walk(callee)
				}
			case *ast.ReturnStmt:
				if !returnsError(fd) || len(n.Results) == 0 {
					break
				}
				last := n.Results[len(n.Results)-1]
				if id, ok := last.(*ast.Ident); ok && id.Name == "nil" {
					break
				}
				site := fd.Name.Name + ": " + text(last)
				if id, ok := last.(*ast.Ident); ok {
					site += " from " + origin(stack, id.Name, text)
				}
				sites = append(sites, site)
			}
			return true
		})
	}
	for _, fd := range decls["build"] {
		walk(fd)
	}
	sort.Strings(sites)
	return sites
}

// origin is the call an error variable was last set from, before the
// return at the top of stack: an if statement's init, or the statement
// before it in its block.
func origin(stack []ast.Node, name string, text func(ast.Node) string) string {
	call := func(s ast.Stmt) string {
		if a, ok := s.(*ast.AssignStmt); ok {
			for i, l := range a.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name && len(a.Rhs) > 0 {
					return text(a.Rhs[min(i, len(a.Rhs)-1)])
				}
			}
		}
		return ""
	}
	for i := len(stack) - 1; i > 0; i-- {
		if ifs, ok := stack[i].(*ast.IfStmt); ok {
			if c := call(ifs.Init); c != "" {
				return c
			}
			if b, ok := stack[i-1].(*ast.BlockStmt); ok {
				for k, s := range b.List {
					if s == ifs && k > 0 {
						if c := call(b.List[k-1]); c != "" {
							return c
						}
					}
				}
			}
		}
	}
	return "?"
}

// Every way run's setup can refuse a scenario is refused by validate too,
// at file:line:col: each refusal site of build (refusalSites) is listed
// here, with the broken scenario in internal/scenario/testdata/bad that
// validate refuses for the same reason and a change of the decoded
// reference scenario that makes build refuse it; or with why no file can
// reach it. A new refusal site fails this test until it is listed.
func TestValidateRefusesWhatRunRefuses(t *testing.T) {
	type refusal struct {
		fixture, problem string                 // the fixture and what validate says of it
		trigger          func(f *scenario.File) // breaks the decoded reference as the fixture is broken
		passes           string                 // a site that passes on another's error: that function's sites cover it
		why              string                 // no file can reach the site: why
	}
	refusals := map[string]refusal{
		"build: err from w.buildThreats()":                             {passes: "buildThreats"},
		"build: err from w.buildSensors()":                             {passes: "buildSensors"},
		`build: fmt.Errorf("sim: no nation %q in the scenario", part)`: {why: "the part is the caller's, one of sim.Parts of the scenario"},
		"buildSensors: err from track.New(track.Config{Filter: track.NewBoostIMM(w.e, qBallistic, qBoost, false)})": {
			why: "the trackers' configuration is the engine's constant: it validates on either Earth (checked below)"},
		`buildThreats: fmt.Errorf("sim: %s: %w", j.what, j.err)`: {fixture: "out-of-reach.yaml",
			problem: "threats[1].to: rome is 2898 km from tabriz, beyond the mrbm's reach of 2423 km on that bearing",
			trigger: func(f *scenario.File) {
				m, _ := f.MissileClass("mrbm")
				f.Threats = []scenario.Threat{{ID: "too-far", Class: "mrbm", From: "tabriz", To: "rome", Count: 1, Missile: m}}
			}},
	}
	sites := refusalSites(t)
	for _, s := range sites {
		if _, ok := refusals[s]; !ok {
			t.Errorf("refusal site %q of run's setup has no fixture (add one to internal/scenario/testdata/bad that validate refuses, and list it here)", s)
		}
	}
	for s, r := range refusals {
		if !slices.Contains(sites, s) {
			t.Errorf("listed refusal %q is no longer a site of build", s)
			continue
		}
		switch {
		case r.passes != "":
			if !slices.ContainsFunc(sites, func(x string) bool { return strings.HasPrefix(x, r.passes+": ") }) {
				t.Errorf("%s: passes on %s's refusals, which has none", s, r.passes)
			}
		case r.why != "":
		default:
			path := filepath.Join("..", "scenario", "testdata", "bad", r.fixture)
			_, err := scenario.Load(path)
			if !scenario.IsInput(err) || !strings.Contains(err.Error(), path+":") || !strings.Contains(err.Error(), r.problem) {
				t.Errorf("%s: validate on %s: %v\nwant %q at its place", s, r.fixture, err, r.problem)
			}
			f := load(t, reference)
			g := *f
			r.trigger(&g)
			if _, err := build(&g, Options{}, "", 0); err == nil {
				t.Errorf("%s: build took the reference broken as %s is", s, r.fixture)
			}
		}
	}
	for _, e := range []geo.Earth{geo.WGS84, geo.Sphere} {
		if _, err := track.New(track.Config{Filter: track.NewBoostIMM(e, qBallistic, qBoost, false)}); err != nil {
			t.Errorf("the trackers' configuration on %s: %v", e.Name, err)
		}
	}
}
